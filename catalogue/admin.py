"""Django admin for data repair. Published and retired versions are read-only here too.

Every write made here is recorded in the audit trail, under the version's uuid.
"""

from django.contrib import admin
from django.db.models import Model

from core.admin import AuditedAdminMixin

from .models import Attribute, CatalogueVersion, LevelDescriptor, MaturityLevel


def _editable(version) -> bool:
    return version is None or version.is_draft


class DraftOnlyMixin:
    """Lets an object be changed or deleted only while its version is a draft."""

    def version_of(self, obj):
        return obj

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (
            obj is None or _editable(self.version_of(obj))
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (
            obj is None or _editable(self.version_of(obj))
        )


class CatalogueAdmin(AuditedAdminMixin, DraftOnlyMixin, admin.ModelAdmin):
    def audit_scope(self, obj: Model) -> str:
        return str(self.version_of(obj).uuid)


class LevelInline(DraftOnlyMixin, admin.TabularInline):
    model = MaturityLevel
    extra = 0


class AttributeInline(DraftOnlyMixin, admin.TabularInline):
    model = Attribute
    extra = 0
    fields = ["order", "key", "name_en", "name_fr"]


@admin.register(CatalogueVersion)
class CatalogueVersionAdmin(CatalogueAdmin):
    list_display = ["label", "status", "published_at", "retired_at"]
    list_filter = ["status"]
    readonly_fields = [
        "uuid",
        "created_at",
        "created_by",
        "published_at",
        "published_by",
        "retired_at",
    ]
    inlines = [LevelInline, AttributeInline]


class DescriptorInline(DraftOnlyMixin, admin.TabularInline):
    model = LevelDescriptor
    extra = 0

    def version_of(self, obj):
        return obj.version


@admin.register(Attribute)
class AttributeAdmin(CatalogueAdmin):
    list_display = ["key", "name_en", "version", "order"]
    list_filter = ["version"]
    search_fields = ["key", "name_en", "name_fr"]
    inlines = [DescriptorInline]

    def version_of(self, obj):
        return obj.version


@admin.register(MaturityLevel)
class MaturityLevelAdmin(CatalogueAdmin):
    list_display = ["number", "name_en", "version"]
    list_filter = ["version"]

    def version_of(self, obj):
        return obj.version


@admin.register(LevelDescriptor)
class LevelDescriptorAdmin(CatalogueAdmin):
    list_display = ["attribute", "level"]
    list_filter = ["attribute__version"]

    def version_of(self, obj):
        return obj.attribute.version
