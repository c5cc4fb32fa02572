from decimal import Decimal

import factory

from organizations.models import Membership, Organization, User
from services.models import InventoryCode, Service, ServiceStandard, StandardPerformance

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.ca")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_en = factory.Sequence(lambda n: f"Organization {n}")
    name_fr = factory.Sequence(lambda n: f"Organisation {n}")
    order_of_government = Organization.Order.FEDERAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER


def _set_codes(obj, create: bool, field: str, codes: list[str], relation: str = "") -> None:
    """Links obj to codes of the list of ``field`` (a key of services.models.CODE_LISTS)."""
    if create:
        chosen = InventoryCode.objects.in_list(field).filter(code__in=codes)
        getattr(obj, relation or field).set(chosen)


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganizationFactory)
    name_en = factory.Sequence(lambda n: f"Service {n}")
    name_fr = factory.Sequence(lambda n: f"Service FR {n}")

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)

    # Codes of the inventory's lists, given as codes: ServiceFactory(client_segments=["ECONOM"]).
    @factory.post_generation
    def client_segments(obj, create, extracted, **kwargs):
        _set_codes(obj, create, "client_segments", ["PERSON"] if extracted is None else extracted)

    @factory.post_generation
    def service_types(obj, create, extracted, **kwargs):
        _set_codes(obj, create, "service_types", ["GNC"] if extracted is None else extracted)

    @factory.post_generation
    def channels(obj, create, extracted, **kwargs):
        _set_codes(obj, create, "channels", ["ONL", "TEL"] if extracted is None else extracted)


class StandardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceStandard

    service = factory.SubFactory(ServiceFactory)
    standard_id = factory.Sequence(lambda n: f"STD-{n}")
    text_en = factory.Sequence(lambda n: f"Standard {n}")
    text_fr = factory.Sequence(lambda n: f"Norme {n}")
    type = ServiceStandard.Type.TIMELINESS


class PerformanceFactory(factory.django.DjangoModelFactory):
    """A standard's result in one fiscal year, as fractions: 0.8 is 80 %."""

    class Meta:
        model = StandardPerformance

    standard = factory.SubFactory(StandardFactory)
    fiscal_year = "2023-2024"
    target = Decimal("0.8")
    performance = Decimal("0.9")


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "personas.Persona"
        skip_postgeneration_save = True

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    segment = "seniors"

    @factory.post_generation
    def preferred_channels(obj, create, extracted, **kwargs):
        if extracted:
            _set_codes(obj, create, "channels", extracted, relation="preferred_channels")


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "personas.JourneyStage"

    persona = factory.SubFactory(PersonaFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n + 1)
    sentiment = 0
