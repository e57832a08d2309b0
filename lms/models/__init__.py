from lms.models.institutions import Institution
from lms.models.pages import HomePage
from lms.models.people import Person
from lms.models.population import PopulationImport
from lms.models.regions import Region
from lms.models.status import StatusGroup, StatusPeriod
from lms.models.sync import TracksUpdates
from lms.models.users import StaffScope, User

__all__ = [
    "HomePage",
    "Institution",
    "Person",
    "PopulationImport",
    "Region",
    "StaffScope",
    "StatusGroup",
    "StatusPeriod",
    "TracksUpdates",
    "User",
]
