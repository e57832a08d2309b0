"""Evidence of learning (学习凭证), one app each: attendance at scheduled sessions,
practical work and quizzes. Each imports only the trainees core below it."""
