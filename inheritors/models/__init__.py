"""ICH items (非遗代表性项目), inheritors, workshops (非遗工坊), leaders and
skill master studios (技能大师工作室)."""

from inheritors.models.inheritors import (
    Inheritor,
    InheritorAssessment,
    TransmissionSubsidy,
)
from inheritors.models.items import IchItem, IchLevel, IchListing
from inheritors.models.leaders import LeaderSupport, WorkshopLeader
from inheritors.models.pages import (
    InheritorIndexPage,
    InheritorPage,
    WorkshopGalleryImage,
    WorkshopIndexPage,
    WorkshopPage,
)
from inheritors.models.studios import (
    Apprenticeship,
    MasterStudio,
    StudioFundingTranche,
    StudioGrantScheme,
    StudioLevel,
    StudioOutput,
    StudioTarget,
)
from inheritors.models.workshops import (
    ProductPhoto,
    Workshop,
    WorkshopConfirmation,
    WorkshopEmployee,
    WorkshopEmployment,
    WorkshopProduct,
    WorkshopStateChange,
)

__all__ = [
    "Apprenticeship",
    "IchItem",
    "IchLevel",
    "IchListing",
    "Inheritor",
    "InheritorAssessment",
    "InheritorIndexPage",
    "InheritorPage",
    "LeaderSupport",
    "MasterStudio",
    "ProductPhoto",
    "StudioFundingTranche",
    "StudioGrantScheme",
    "StudioLevel",
    "StudioOutput",
    "StudioTarget",
    "TransmissionSubsidy",
    "Workshop",
    "WorkshopConfirmation",
    "WorkshopEmployee",
    "WorkshopEmployment",
    "WorkshopGalleryImage",
    "WorkshopIndexPage",
    "WorkshopLeader",
    "WorkshopPage",
    "WorkshopProduct",
    "WorkshopStateChange",
]
