import hashlib
import uuid

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.bilingual import localized, localized_order
from core.natural_keys import NaturalKeyModel

from . import signals
from .signin import canonical_email


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=canonical_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username):
        # People type their address with any capitalisation; it is stored in one canonical
        # form and looked up exactly (a case-insensitive lookup in the database would also
        # match other spellings, e.g. a dotless ı for an i).
        return self.get(email=canonical_email(username))

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    ``is_staff`` marks ICCS administrators: they manage the catalogue and
    organizations for the whole platform.
    """

    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    is_staff = models.BooleanField(
        _("ICCS administrator"),
        default=False,
        help_text=_("Administrators manage the catalogue and organizations of the platform."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = canonical_email(self.email)

    def save(self, *args, **kwargs):
        self.email = canonical_email(self.email)
        password_changed = self._password is not None and self.pk is not None
        super().save(*args, **kwargs)
        if password_changed:
            # Whatever a password protected (API tokens) ends with it.
            signals.password_changed.send(sender=self.__class__, user=self)

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class UserSession(AbstractBaseSession):
    """A browser's session, with the person signed in through it as a column of its own, so
    that reading the session reads the person (and their memberships) in the same query
    (``organizations.sessions``). A person deleted takes their sessions with them."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )

    @classmethod
    def get_session_store_class(cls):
        from .sessions import SessionStore

        return SessionStore


class Organization(NaturalKeyModel):
    NATURAL_KEY = ("slug",)

    class Order(models.TextChoices):
        FEDERAL = "federal", _("Federal")
        PROVINCIAL = "provincial", _("Provincial")
        TERRITORIAL = "territorial", _("Territorial")
        MUNICIPAL = "municipal", _("Municipal")
        INDIGENOUS = "indigenous", _("Indigenous")
        OTHER = "other", _("NGO or other")

    class Province(models.TextChoices):
        AB = "AB", _("Alberta")
        BC = "BC", _("British Columbia")
        MB = "MB", _("Manitoba")
        NB = "NB", _("New Brunswick")
        NL = "NL", _("Newfoundland and Labrador")
        NS = "NS", _("Nova Scotia")
        NT = "NT", _("Northwest Territories")
        NU = "NU", _("Nunavut")
        ON = "ON", _("Ontario")
        PE = "PE", _("Prince Edward Island")
        QC = "QC", _("Quebec")
        SK = "SK", _("Saskatchewan")
        YT = "YT", _("Yukon")

    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=250)
    name_fr = models.CharField(_("name (French)"), max_length=250)
    order_of_government = models.CharField(
        _("order of government"), max_length=20, choices=Order.choices
    )
    province = models.CharField(
        _("province or territory"), max_length=2, choices=Province.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_en"]
        # Lists sorted by name in either language read these instead of sorting every row.
        indexes = [
            models.Index(localized_order("name", "en"), "id", name="organization_name_en"),
            models.Index(localized_order("name", "fr"), "id", name="organization_name_fr"),
        ]

    def __str__(self):
        return str(self.name)

    @property
    def name(self):
        return localized(self, "name")


class OrganizationAlias(models.Model):
    """Another name an organization is known by (a legal or former title, an abbreviation, an
    inventory code), so that files naming it so reach the same row. ``key`` is the name as
    organizations.names.name_key compares it; each name leads to one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(_("other name"), max_length=250)
    key = models.CharField(max_length=250, unique=True, editable=False)

    class Meta:
        verbose_name = _("other name of an organization")
        verbose_name_plural = _("other names of organizations")
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} → {self.organization}"

    def save(self, *args, **kwargs):
        from .names import name_key

        self.key = name_key(self.name)
        super().save(*args, **kwargs)


class Membership(NaturalKeyModel):
    NATURAL_KEY = ("uuid",)

    class Role(models.TextChoices):
        MANAGER = "manager", _("Service manager")
        MEMBER = "member", _("Team member")
        EXECUTIVE = "executive", _("Executive")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]
        ordering = ["organization__name_en", "user__email"]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) @ {self.organization}"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An email invitation to join an organization with a role.

    Only the SHA-256 of the link's token is stored, so a database leak does
    not hand out working invitation links.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organization}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()
