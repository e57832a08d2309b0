"""Skills competitions (技能竞赛): competitions, entries, judges, marking, results."""
