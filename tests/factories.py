import factory

from organizations.models import Membership, Organization, User
from services.models import Service

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


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        skip_postgeneration_save = True

    owner = factory.SubFactory(OrganizationFactory)
    name_en = factory.Sequence(lambda n: f"Service {n}")
    name_fr = factory.Sequence(lambda n: f"Service FR {n}")
    client_segments = ",PERSON,"
    service_types = ",GNC,"
    channels = ",ONL,TEL,"

    @factory.post_generation
    def partners(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.partners.set(extracted)


class PersonaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "personas.Persona"

    service = factory.SubFactory(ServiceFactory)
    name = factory.Sequence(lambda n: f"Persona {n}")
    segment = "seniors"


class StageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "personas.JourneyStage"

    persona = factory.SubFactory(PersonaFactory)
    name = factory.Sequence(lambda n: f"Stage {n}")
    order = factory.Sequence(lambda n: n + 1)
    sentiment = 0
