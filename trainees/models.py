"""The learner's record: enrolment, watch progress, attendance, assessments,
certificates, subsidy eligibility and claims."""
