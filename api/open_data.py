"""Open data: levels and opportunity counts of the completed assessments their organization published,
and what the public said of those services.

Public, no sign-in: only what a service manager chose to publish, with a data dictionary in
both official languages. Of the public's feedback only aggregates leave the platform, and only
those at least FEEDBACK_MIN_RESPONSES answers back: never a comment, never one person's answers.
"""

from collections import Counter, defaultdict

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_GET

from assessments.models import Assessment, AttributeScore
from catalogue import queries as catalogue_queries
from core.exports import csv_bytes
from feedback.queries import min_responses, public_aggregates
from improvements.models import Lever, OpportunityLever

FIXED = [
    ("service_id", "Service identifier (UUID) on the platform", "Identifiant du service (UUID) sur la plateforme"),
    ("service_name_en", "Service name in English", "Nom du service en anglais"),
    ("service_name_fr", "Service name in French", "Nom du service en français"),
    ("organization_en", "Owner organization in English", "Organisation responsable en anglais"),
    ("organization_fr", "Owner organization in French", "Organisation responsable en français"),
    ("order_of_government", "Order of government of the owner", "Ordre de gouvernement de l’organisation responsable"),
    ("inventory_service_id", "GC Service Inventory identifier, when known", "Identifiant dans le Répertoire des services du GC, s’il est connu"),
    ("cycle", "Assessment cycle", "Cycle d’évaluation"),
    ("catalogue_version", "Version of the attribute catalogue scored against", "Version du catalogue d’attributs utilisée"),
    ("completed_on", "Date the assessment was completed (YYYY-MM-DD)", "Date à laquelle l’évaluation a été terminée (AAAA-MM-JJ)"),
]  # fmt: skip


def _records():
    assessments = list(
        Assessment.objects.filter(status=Assessment.Status.COMPLETED, open_data=True)
        .select_related("service__owner", "catalogue_version")
        .order_by("service__name_en", "cycle")
    )
    ids = [a.pk for a in assessments]
    levels = defaultdict(dict)
    for assessment_id, key, current, target in AttributeScore.objects.filter(
        assessment_id__in=ids
    ).values_list("assessment_id", "attribute__key", "current_level", "target_level"):
        levels[assessment_id][key] = (current, target)
    public = public_aggregates({a.service_id for a in assessments})
    levers = defaultdict(Counter)
    for assessment_id, code in OpportunityLever.objects.filter(
        opportunity__assessment_id__in=ids
    ).values_list("opportunity__assessment_id", "lever"):
        levers[assessment_id][code] += 1
    for a in assessments:
        service = a.service
        yield {
            "service_id": str(service.uuid),
            "service_name_en": service.name_en,
            "service_name_fr": service.name_fr,
            "organization_en": service.owner.name_en,
            "organization_fr": service.owner.name_fr,
            "order_of_government": service.owner.order_of_government,
            "inventory_service_id": service.inventory_id or "",
            "cycle": a.cycle,
            "catalogue_version": a.catalogue_version.label,
            "completed_on": a.completed_at.date().isoformat() if a.completed_at else "",
            "levels": {
                key: {"current": c, "target": t} for key, (c, t) in sorted(levels[a.pk].items())
            },
            "opportunities": {code: levers[a.pk][code] for code in Lever.values},
            # The service's public feedback, across all its campaigns.
            "public": public[a.service_id].as_dict(),
        }


def _attribute_keys():
    version = catalogue_queries.latest_published()
    return (
        list(version.attributes.order_by("order").values_list("key", flat=True)) if version else []
    )


@login_not_required
@require_GET
def dataset_json(request):
    return JsonResponse({"records": list(_records())}, json_dumps_params={"ensure_ascii": False})


@login_not_required
@require_GET
def dataset_csv(request):
    keys = _attribute_keys()
    header = [name for name, _en, _fr in FIXED]
    header += [f"{key}_{kind}" for key in keys for kind in ("current", "target")]
    header += [f"opportunities_{code}" for code in Lever.values]
    header += ["public_satisfaction_average", "public_satisfaction_answers"]
    header += [f"{key}_public_{kind}" for key in keys for kind in ("average", "answers")]
    rows = [header]
    for record in _records():
        row = [record[name] for name, _en, _fr in FIXED]
        for key in keys:
            level = record["levels"].get(key, {})
            row += [level.get("current", ""), level.get("target", "")]
        row += [record["opportunities"][code] for code in Lever.values]
        public = record["public"]
        overall = public["satisfaction"] or {}
        row += [overall.get("average", ""), overall.get("answers", "")]
        for key in keys:
            rated = public["attributes"].get(key, {})
            row += [rated.get("average", ""), rated.get("answers", "")]
        rows.append(["" if v is None else v for v in row])
    response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="ccsmm-open-data.csv"'
    return response


@login_not_required
@require_GET
def dictionary(request):
    from catalogue.models import Attribute

    fields = [{"name": n, "description_en": en, "description_fr": fr} for n, en, fr in FIXED]
    version = catalogue_queries.latest_published()
    attributes = Attribute.objects.filter(version=version).order_by("order") if version else []
    for attribute in attributes:
        for kind, en, fr in (
            ("current", "current maturity level", "niveau de maturité actuel"),
            ("target", "target maturity level", "niveau de maturité cible"),
        ):
            fields.append(
                {
                    "name": f"{attribute.key}_{kind}",
                    "description_en": f"{attribute.name_en}: {en} (1 to 5; empty when not scored)",
                    "description_fr": f"{attribute.name_fr} : {fr} (1 à 5; vide si non coté)",
                }
            )
    for code in Lever.values:
        fields.append(
            {
                "name": f"opportunities_{code}",
                "description_en": f"Number of improvement opportunities that need the lever “{code}”",
                "description_fr": f"Nombre de possibilités d’amélioration qui exigent le levier « {code} »",
            }
        )
    n = min_responses()
    fields += [
        {
            "name": "public_satisfaction_average",
            "description_en": f"The public’s overall satisfaction with the service, 1 (very poor) to 5 (very good), across all its feedback campaigns; empty when fewer than {n} people answered",
            "description_fr": f"Satisfaction globale du public à l’égard du service, de 1 (très mauvais) à 5 (très bon), pour l’ensemble de ses campagnes de rétroaction; vide si moins de {n} personnes ont répondu",
        },
        {
            "name": "public_satisfaction_answers",
            "description_en": f"Number of people who rated their overall satisfaction; empty when fewer than {n}",
            "description_fr": f"Nombre de personnes qui ont noté leur satisfaction globale; vide s’il y en a moins de {n}",
        },
    ]  # fmt: skip
    for attribute in attributes:
        fields += [
            {
                "name": f"{attribute.key}_public_average",
                "description_en": f"{attribute.name_en}: the public’s average rating, 1 (very poor) to 5 (very good); empty when fewer than {n} people rated it",
                "description_fr": f"{attribute.name_fr} : note moyenne du public, de 1 (très mauvais) à 5 (très bon); vide si moins de {n} personnes l’ont notée",
            },
            {
                "name": f"{attribute.key}_public_answers",
                "description_en": f"{attribute.name_en}: number of people who rated it (“does not apply” not counted); empty when fewer than {n}",
                "description_fr": f"{attribute.name_fr} : nombre de personnes qui l’ont noté (« ne s’applique pas » non compté); vide s’il y en a moins de {n}",
            },
        ]  # fmt: skip
    return JsonResponse(
        {
            "title_en": "Citizen-centric service maturity: published assessments",
            "title_fr": "Maturité des services centrés sur le citoyen : évaluations publiées",
            "fields": fields,
        },
        json_dumps_params={"ensure_ascii": False},
    )
