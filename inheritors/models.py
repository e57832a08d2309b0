"""ICH items (非遗代表性项目), inheritors, workshops (非遗工坊), leaders and
skill master studios (技能大师工作室)."""
