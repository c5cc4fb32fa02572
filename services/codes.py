"""Labels of the inventory codes that services use, so forms and filters work before any import.

Importing the inventory's code list (dd_choices.csv) later refreshes them.
"""

CODES = [
    ("service", "client_target_groups", "PERSON", "Persons", "Particuliers"),
    (
        "service",
        "client_target_groups",
        "ECONOM",
        "Economic segments (businesses)",
        "Segments économiques (entreprises)",
    ),
    (
        "service",
        "client_target_groups",
        "NGO",
        "Non-profit institutions and organizations",
        "Institutions et organismes sans but lucratif",
    ),
    (
        "service",
        "client_target_groups",
        "PTC",
        "Provinces, territories or communities",
        "Provinces, territoires ou collectivités",
    ),
    (
        "service",
        "client_target_groups",
        "INTERN_GOV",
        "Internal to government",
        "Interne au gouvernement",
    ),
    ("service", "client_target_groups", "FOR", "Foreign entities", "Entités étrangères"),
    (
        "service",
        "service_type",
        "APIR",
        "Agreements, permissions, inspections, rulings",
        "Accords, autorisations, inspections, décisions",
    ),
    ("service", "service_type", "CER", "Care, education, recreation", "Soins, éducation, loisirs"),
    ("service", "service_type", "GNC", "Grants and contributions", "Subventions et contributions"),
    ("service", "service_type", "INFO", "Information", "Information"),
    (
        "service",
        "service_type",
        "LRP",
        "Legislation, regulation, policy",
        "Législation, réglementation, politique",
    ),
    (
        "service",
        "service_type",
        "PPI",
        "Penalties, protection, intervention",
        "Pénalités, protection, intervention",
    ),
    (
        "service",
        "service_type",
        "REG_VOL",
        "High-volume regulatory transactions",
        "Opérations réglementaires à volume élevé",
    ),
    ("service", "service_type", "RES", "Resources", "Ressources"),
    ("service", "service_scope", "EXTERN", "External service", "Service externe"),
    ("service", "service_scope", "INTERN", "Internal service", "Service interne"),
    (
        "service",
        "service_scope",
        "ENTERPRISE",
        "Internal enterprise service",
        "Service interne intégré",
    ),
    (
        "service",
        "service_scope",
        "CLUSTER",
        "Internal cluster service",
        "Service interne de grappe",
    ),
    ("service-std", "channel", "ONL", "Online", "En ligne"),
    ("service-std", "channel", "TEL", "Telephone", "Téléphone"),
    ("service-std", "channel", "PERSON", "In person", "En personne"),
    ("service-std", "channel", "POST", "Postal mail", "Courrier postal"),
    ("service-std", "channel", "EML", "Email", "Courriel"),
    ("service-std", "channel", "FAX", "Fax", "Télécopieur"),
    ("service-std", "channel", "OTH", "Other channel", "Autre mode"),
]


def seed_inventory_codes(InventoryCode) -> None:  # noqa: N803 - a model class, historical or real
    for resource, field, code, en, fr in CODES:
        InventoryCode.objects.get_or_create(
            resource=resource, field=field, code=code, defaults={"label_en": en, "label_fr": fr}
        )
