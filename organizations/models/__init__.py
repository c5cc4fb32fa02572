from .people import Invitation, Membership, Organization, User, UserManager, hash_token
from .services import (
    InventoryCode,
    InventoryImport,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
)

__all__ = [
    "Invitation",
    "InventoryCode",
    "InventoryImport",
    "Membership",
    "Organization",
    "Service",
    "ServiceStandard",
    "ServiceYear",
    "StandardPerformance",
    "User",
    "UserManager",
    "hash_token",
]
