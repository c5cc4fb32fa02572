"""Backup and restore of one organization's data as a JSON document.

Export: the organization, its people, its services (with inventory data), personas and
journeys, assessments with scores, ratings and opportunities, and the organizations, people
and catalogue versions they refer to. Import: into a database without them (a fresh one),
keeping every UUID and date, in one transaction. Exporting again gives the same document.
"""

import json

from django.db import transaction
from django.utils import timezone

from assessments.models import Assessment, AssessmentPersona, AttributeScore, PersonaRating
from catalogue.models import CatalogueVersion
from catalogue.serialization import parse, version_to_dict
from improvements.models import ImprovementOpportunity, Lever, OpportunityLever
from organizations.models import Membership, Organization, User
from personas.models import JourneyStage, Persona
from services.models import (
    CODE_LISTS,
    InventoryCode,
    Service,
    ServiceStandard,
    ServiceYear,
    StandardPerformance,
)

FORMAT = "ccsmm-organization/1"
ORG_FIELDS = ["slug", "name_en", "name_fr", "order_of_government", "province"]
SERVICE_FIELDS = [
    "name_en", "name_fr", "description_en", "description_fr", "status", "inventory_id",
    "inventory_fiscal_year", "program_id", "program_name_en", "program_name_fr", "url_en", "url_fr",
]  # fmt: skip
# Lists of codes of the inventory (documents from before these were relations hold ",A,B,").
SERVICE_CODE_FIELDS = list(CODE_LISTS)
YEAR_FIELDS = [f.name for f in ServiceYear._meta.concrete_fields if f.name not in {"id", "service"}]
STANDARD_FIELDS = ["standard_id", "text_en", "text_fr", "type", "channel"]
RESULT_FIELDS = [
    "fiscal_year",
    "target",
    "volume_meeting_target",
    "total_volume",
    "performance",
    "target_met",
]
PERSONA_FIELDS = [
    f.name
    for f in Persona._meta.concrete_fields
    if f.name
    not in {"id", "uuid", "service", "created_by", "created_at", "updated_at", "archived_at"}
]
STAGE_FIELDS = ["order", "name", "actions", "channel", "sentiment", "pain_points"]
SCORE_FIELDS = ["current_level", "target_level", "rationale", "evidence", "confidence", "version"]
OPPORTUNITY_FIELDS = [
    "title",
    "description",
    "target_level",
    "impact",
    "effort",
    "status",
    "dropped_reason",
]


def _date(value):
    return value.isoformat() if value is not None else None


def _code_list(value: list[str] | str) -> list[str]:
    """Codes as a document holds them: a list, or comma-joined text from earlier documents."""
    return [c for c in value.split(",") if c] if isinstance(value, str) else list(value)


def _codes(field: str, value: list[str] | str, owner: str) -> list[InventoryCode]:
    codes = _code_list(value)
    found = {c.code: c for c in InventoryCode.objects.in_list(field).filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise RestoreError(f"{owner}: {field} holds codes this database does not know: {unknown}")
    return [found[code] for code in codes]


def _restore_codes(service: Service, item: dict) -> None:
    for field in SERVICE_CODE_FIELDS:
        getattr(service, field).set(_codes(field, item[field], f"service {item['uuid']}"))


def _restore_levers(opportunity: ImprovementOpportunity, item: dict) -> None:
    levers = _code_list(item["levers"])
    if not levers or any(code not in Lever.values for code in levers):
        raise RestoreError(
            f"opportunity {item['uuid']}: levers should be some of {Lever.values}, not {levers}"
        )
    for code in levers:  # one by one, as the audit trail records each
        OpportunityLever.objects.create(opportunity=opportunity, lever=code)


def _email(user):
    return user.email if user is not None else None


def export_organization(organization: Organization) -> dict:
    services = list(
        Service.objects.filter(owner=organization)
        .order_by("uuid")
        .prefetch_related("partners", *SERVICE_CODE_FIELDS)
    )
    personas = list(
        Persona.objects.filter(service__in=services)
        .select_related("service")
        .prefetch_related("preferred_channels")
        .order_by("uuid")
    )
    assessments = list(
        Assessment.objects.filter(service__in=services)
        .select_related("service", "catalogue_version", "baseline", "created_by", "completed_by")
        .order_by("uuid")
    )
    people = {
        m.user for m in Membership.objects.filter(organization=organization).select_related("user")
    }
    referenced_orgs = {p for s in services for p in s.partners.all()}
    versions = {a.catalogue_version for a in assessments}

    def person(user):
        if user is not None:
            people.add(user)
        return _email(user)

    service_data = []
    for service in services:
        standards = []
        for standard in ServiceStandard.objects.filter(service=service).order_by("standard_id"):
            standards.append(
                {
                    **{f: getattr(standard, f) for f in STANDARD_FIELDS},
                    "results": [
                        {
                            f: (
                                str(getattr(r, f))
                                if f in {"target", "performance"} and getattr(r, f) is not None
                                else getattr(r, f)
                            )
                            for f in RESULT_FIELDS
                        }
                        for r in standard.performances.order_by("fiscal_year")
                    ],
                }
            )
        service_data.append(
            {
                "uuid": str(service.uuid),
                **{f: getattr(service, f) for f in SERVICE_FIELDS},
                **{f: [c.code for c in service.codes_of(f)] for f in SERVICE_CODE_FIELDS},
                "partners": sorted(p.slug for p in service.partners.all()),
                "created_at": _date(service.created_at),
                "years": [
                    {f: getattr(y, f) for f in YEAR_FIELDS}
                    for y in service.years.order_by("fiscal_year")
                ],
                "standards": standards,
            }
        )
    persona_data = []
    for persona in personas:
        stages = []
        for stage in persona.stages.select_related("organization").order_by("order", "uuid"):
            if stage.organization is not None and stage.organization != organization:
                referenced_orgs.add(stage.organization)
            stages.append(
                {
                    "uuid": str(stage.uuid),
                    **{f: getattr(stage, f) for f in STAGE_FIELDS},
                    "organization": stage.organization.slug if stage.organization else None,
                }
            )
        persona_data.append(
            {
                "uuid": str(persona.uuid),
                "service": str(persona.service.uuid),
                **{f: getattr(persona, f) for f in PERSONA_FIELDS},
                "preferred_channels": persona.preferred_channel_codes,
                "archived_at": _date(persona.archived_at),
                "created_by": person(persona.created_by),
                "created_at": _date(persona.created_at),
                "stages": stages,
            }
        )
    assessment_data = []
    for a in assessments:
        scores = []
        for score in a.scores.select_related("attribute", "updated_by").order_by(
            "attribute__order", "attribute__key"
        ):
            scores.append(
                {
                    "attribute": score.attribute.key,
                    **{f: getattr(score, f) for f in SCORE_FIELDS},
                    "updated_by": person(score.updated_by),
                    "updated_at": _date(score.updated_at),
                    "ratings": [
                        {"persona": str(r.persona.uuid), "rating": r.rating, "note": r.note}
                        for r in score.persona_ratings.select_related("persona").order_by(
                            "persona__uuid"
                        )
                    ],
                }
            )
        opportunities = []
        for o in (
            a.opportunities.select_related("owner_user", "owner_organization", "created_by")
            .prefetch_related("levers")
            .order_by("uuid")
        ):
            if o.owner_organization is not None and o.owner_organization != organization:
                referenced_orgs.add(o.owner_organization)
            opportunities.append(
                {
                    "uuid": str(o.uuid),
                    **{f: getattr(o, f) for f in OPPORTUNITY_FIELDS},
                    "levers": o.lever_codes,
                    "target_date": _date(o.target_date),
                    "attributes": sorted(o.attributes.values_list("key", flat=True)),
                    "personas": sorted(str(u) for u in o.personas.values_list("uuid", flat=True)),
                    "stages": sorted(str(u) for u in o.stages.values_list("uuid", flat=True)),
                    "owner_organization": o.owner_organization.slug
                    if o.owner_organization
                    else None,
                    "owner_user": person(o.owner_user),
                    "created_by": person(o.created_by),
                    "created_at": _date(o.created_at),
                }
            )
        assessment_data.append(
            {
                "uuid": str(a.uuid),
                "service": str(a.service.uuid),
                "catalogue_version": a.catalogue_version.label,
                "cycle": a.cycle,
                "status": a.status,
                "baseline": str(a.baseline.uuid) if a.baseline else None,
                "review_comments": a.review_comments,
                "open_data": a.open_data,
                "created_by": person(a.created_by),
                "created_at": _date(a.created_at),
                "submitted_at": _date(a.submitted_at),
                "completed_at": _date(a.completed_at),
                "completed_by": person(a.completed_by),
                "personas": sorted(str(u) for u in a.personas.values_list("uuid", flat=True)),
                "scores": scores,
                "opportunities": opportunities,
            }
        )
    referenced_orgs.discard(organization)
    return {
        "format": FORMAT,
        "organization": {f: getattr(organization, f) for f in ORG_FIELDS},
        "organizations": sorted(
            ({f: getattr(o, f) for f in ORG_FIELDS} for o in referenced_orgs),
            key=lambda o: o["slug"],
        ),
        "people": sorted(
            ({"email": u.email, "full_name": u.full_name} for u in people), key=lambda p: p["email"]
        ),
        "memberships": sorted(
            (
                {"email": m.user.email, "role": m.role}
                for m in Membership.objects.filter(organization=organization).select_related("user")
            ),
            key=lambda m: m["email"],
        ),
        "catalogue_versions": sorted(
            ({**version_to_dict(v), "status": v.status} for v in versions),
            key=lambda v: v["label"],
        ),
        "services": service_data,
        "personas": persona_data,
        "assessments": assessment_data,
    }


class RestoreError(Exception):
    pass


@transaction.atomic
def import_organization(data: dict) -> Organization:
    from catalogue.operations import catalogue_import

    if data.get("format") != FORMAT:
        raise RestoreError(f"expected a {FORMAT} document")
    if Organization.objects.filter(slug=data["organization"]["slug"]).exists():
        raise RestoreError(f"the organization {data['organization']['slug']!r} already exists here")
    orgs = {}
    for item in [data["organization"], *data["organizations"]]:
        org, _ = Organization.objects.get_or_create(slug=item["slug"], defaults=item)
        orgs[org.slug] = org
    users = {}
    for item in data["people"]:
        user = User.objects.filter(email__iexact=item["email"]).first()
        if user is None:
            user = User.objects.create_user(
                email=item["email"], password=None, full_name=item["full_name"]
            )
        users[item["email"]] = user
    organization = orgs[data["organization"]["slug"]]
    for item in data["memberships"]:
        Membership.objects.get_or_create(
            user=users[item["email"]], organization=organization, defaults={"role": item["role"]}
        )
    versions = {}
    for item in data["catalogue_versions"]:
        existing = CatalogueVersion.objects.filter(label=item["label"]).first()
        document = {k: v for k, v in item.items() if k not in {"status", "published_at"}}
        if existing is None:
            existing = catalogue_import(
                parsed=parse(json.dumps(document), "json"), user=None, label=item["label"]
            )
            CatalogueVersion.objects.filter(pk=existing.pk).update(
                status=item["status"], published_at=timezone.now()
            )
            existing.refresh_from_db()
        elif json.loads(json.dumps(version_to_dict(existing))) != json.loads(json.dumps(document)):
            raise RestoreError(f"catalogue version {item['label']} differs from the one here")
        versions[item["label"]] = existing
    services = {}
    for item in data["services"]:
        service = Service.objects.create(
            uuid=item["uuid"], owner=organization, **{f: item[f] for f in SERVICE_FIELDS}
        )
        Service.objects.filter(pk=service.pk).update(created_at=item["created_at"])
        service.partners.set([orgs[slug] for slug in item["partners"]])
        _restore_codes(service, item)
        for year in item["years"]:
            ServiceYear.objects.create(service=service, **year)
        for standard in item["standards"]:
            results = standard["results"]
            created = ServiceStandard.objects.create(
                service=service, **{f: standard[f] for f in STANDARD_FIELDS}
            )
            for result in results:
                StandardPerformance.objects.create(standard=created, **result)
        services[item["uuid"]] = service
    personas, stages = {}, {}
    for item in data["personas"]:
        persona = Persona.objects.create(
            uuid=item["uuid"], service=services[item["service"]], created_by=users.get(item["created_by"]),
            archived_at=item["archived_at"], **{f: item[f] for f in PERSONA_FIELDS},
        )  # fmt: skip
        Persona.objects.filter(pk=persona.pk).update(created_at=item["created_at"])
        persona.preferred_channels.set(
            _codes("channels", item["preferred_channels"], f"persona {item['uuid']}")
        )
        personas[item["uuid"]] = persona
        for stage in item["stages"]:
            stages[stage["uuid"]] = JourneyStage.objects.create(
                uuid=stage["uuid"], persona=persona, organization=orgs.get(stage["organization"]) if stage["organization"] else None,
                **{f: stage[f] for f in STAGE_FIELDS},
            )  # fmt: skip
    assessments = {}
    for item in sorted(data["assessments"], key=lambda a: a["created_at"]):
        version = versions[item["catalogue_version"]]
        assessment = Assessment.objects.create(
            uuid=item["uuid"], service=services[item["service"]], catalogue_version=version, cycle=item["cycle"],
            status=item["status"], review_comments=item["review_comments"], open_data=item["open_data"],
            created_by=users.get(item["created_by"]), submitted_at=item["submitted_at"], completed_at=item["completed_at"],
            completed_by=users.get(item["completed_by"]),
        )  # fmt: skip
        Assessment.objects.filter(pk=assessment.pk).update(created_at=item["created_at"])
        assessments[item["uuid"]] = assessment
        for persona_uuid in item["personas"]:
            AssessmentPersona.objects.create(assessment=assessment, persona=personas[persona_uuid])
        attributes = {a.key: a for a in version.attributes.all()}
        for score_item in item["scores"]:
            score = AttributeScore.objects.create(
                assessment=assessment, attribute=attributes[score_item["attribute"]], updated_by=users.get(score_item["updated_by"]),
                updated_at=score_item["updated_at"], **{f: score_item[f] for f in SCORE_FIELDS},
            )  # fmt: skip
            for rating in score_item["ratings"]:
                PersonaRating.objects.create(
                    score=score,
                    persona=personas[rating["persona"]],
                    rating=rating["rating"],
                    note=rating["note"],
                )
        for o in item["opportunities"]:
            opportunity = ImprovementOpportunity.objects.create(
                uuid=o["uuid"], assessment=assessment, target_date=o["target_date"],
                owner_organization=orgs.get(o["owner_organization"]) if o["owner_organization"] else None,
                owner_user=users.get(o["owner_user"]), created_by=users.get(o["created_by"]),
                **{f: o[f] for f in OPPORTUNITY_FIELDS},
            )  # fmt: skip
            ImprovementOpportunity.objects.filter(pk=opportunity.pk).update(
                created_at=o["created_at"]
            )
            _restore_levers(opportunity, o)
            opportunity.attributes.set([attributes[k] for k in o["attributes"]])
            opportunity.personas.set([personas[u] for u in o["personas"]])
            opportunity.stages.set([stages[u] for u in o["stages"]])
    for item in data["assessments"]:
        if item["baseline"]:
            Assessment.objects.filter(uuid=item["uuid"]).update(
                baseline=assessments[item["baseline"]]
            )
    from assessments.operations import refresh_latest, refresh_summary

    for service in services.values():
        refresh_latest(service)
    refresh_summary(organization.pk)
    return organization
