"""Progress (学习进度): the completion rule, "My learning" and the instructor's course
report. Above the evidence apps and certificates, whose figures it reads, and below
subsidies."""
