"""Catalogue pages: staff only, published versions read-only, import and export."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalogue.models import Attribute, CatalogueVersion
from catalogue.serialization import to_yaml, version_to_dict


def _all_catalogue_urls(version):
    u = version.uuid
    return [
        ("get", reverse("catalogue:version_list")),
        ("post", reverse("catalogue:draft_create")),
        ("post", reverse("catalogue:version_import")),
        ("get", reverse("catalogue:version_compare") + f"?a={u}&b={u}"),
        ("get", reverse("catalogue:version_detail", args=[u])),
        ("post", reverse("catalogue:version_notes", args=[u])),
        ("get", reverse("catalogue:version_preview", args=[u])),
        ("post", reverse("catalogue:version_publish", args=[u])),
        ("post", reverse("catalogue:version_retire", args=[u])),
        ("post", reverse("catalogue:draft_delete", args=[u])),
        ("get", reverse("catalogue:version_export", args=[u, "yaml"])),
        ("post", reverse("catalogue:level_add", args=[u])),
        ("post", reverse("catalogue:level_edit", args=[u, 1])),
        ("post", reverse("catalogue:level_remove", args=[u, 5])),
        ("post", reverse("catalogue:attribute_create", args=[u])),
        ("post", reverse("catalogue:attribute_edit", args=[u, "trust"])),
        ("post", reverse("catalogue:attribute_delete", args=[u, "trust"])),
        ("post", reverse("catalogue:attribute_move", args=[u, "trust"])),
    ]


def test_the_url_list_above_covers_every_catalogue_page(published):
    from django.urls import resolve

    from catalogue.urls import urlpatterns

    covered = {resolve(url.split("?")[0]).url_name for _, url in _all_catalogue_urls(published)}
    assert covered == {pattern.name for pattern in urlpatterns}


@pytest.mark.parametrize("who", ["manager", "member", "executive", "outsider"])
def test_only_staff_reach_any_catalogue_page(request, client_for, draft, who):
    c = client_for(request.getfixturevalue(who))
    for method, url in _all_catalogue_urls(draft):
        response = getattr(c, method)(url, {"change_notes_en": "hacked", "direction": "up"})
        assert response.status_code == 404, url
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.change_notes_en != "hacked"
    assert draft.attributes.count() == 12


def test_anonymous_visitors_are_sent_to_sign_in(client, published):
    for _, url in _all_catalogue_urls(published):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url


def test_staff_see_the_versions(client_for, staff, published):
    body = client_for(staff).get(reverse("catalogue:version_list")).content.decode()
    assert "Version 1" in body and "Published" in body


def test_editing_a_published_version_is_refused_with_a_message_to_start_a_draft(
    client_for, staff, published
):
    c = client_for(staff)
    url = reverse("catalogue:attribute_edit", args=[published.uuid, "trust"])
    response = c.post(url, {"key": "trust", "name_en": "Changed"}, follow=True)
    body = response.content.decode()
    assert "Version 1 is published and can no longer be changed. Start a new draft" in body
    assert Attribute.objects.get(version=published, key="trust").name_en != "Changed"
    detail = c.get(reverse("catalogue:version_detail", args=[published.uuid])).content.decode()
    assert "This version is read-only" in detail
    assert reverse("catalogue:attribute_edit", args=[published.uuid, "trust"]) not in detail


def test_staff_start_a_draft_edit_an_attribute_and_publish(client_for, staff, published):
    c = client_for(staff)
    response = c.post(reverse("catalogue:draft_create"), {"label": ""})
    draft = CatalogueVersion.objects.get(status="draft")
    assert response["Location"] == reverse("catalogue:version_detail", args=[draft.uuid])
    form = c.get(reverse("catalogue:attribute_edit", args=[draft.uuid, "trust"]))
    assert form.context["form"]["key"].field.disabled  # published key stays
    data = dict(form.context["form"].initial.items())
    data["name_en"] = "Trust and privacy"
    data["descriptor_3_fr"] = "Nouveau texte pour le niveau 3."
    assert (
        c.post(reverse("catalogue:attribute_edit", args=[draft.uuid, "trust"]), data).status_code
        == 302
    )
    trust = Attribute.objects.get(version=draft, key="trust")
    assert trust.name_en == "Trust and privacy"
    assert trust.descriptors.get(level__number=3).text_fr == "Nouveau texte pour le niveau 3."
    page = c.get(reverse("catalogue:version_publish", args=[draft.uuid]))
    assert "Publish the version" in page.content.decode()
    c.post(reverse("catalogue:version_publish", args=[draft.uuid]))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_publish_page_lists_the_missing_pieces(client_for, staff, draft):
    c = client_for(staff)
    attribute = draft.attributes.get(key="clarity")
    attribute.definition_fr = ""
    attribute.save()
    response = c.post(reverse("catalogue:version_publish", args=[draft.uuid]))
    assert response.status_code == 400
    body = response.content.decode()
    assert "This version cannot be published yet" in body
    assert "Attribute “Clarity and transparency”: no French definition." in body
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_new_attribute_form_validates_the_key(client_for, staff, draft):
    response = client_for(staff).post(
        reverse("catalogue:attribute_create", args=[draft.uuid]),
        {"key": "Bad Key!", "name_en": "X"},
    )
    assert response.status_code == 200
    assert "Use lower-case letters, digits, hyphens or underscores" in response.content.decode()
    assert not draft.attributes.filter(name_en="X").exists()


def test_reordering_through_the_page(client_for, staff, draft):
    client_for(staff).post(
        reverse("catalogue:attribute_move", args=[draft.uuid, "efficiency"]), {"direction": "up"}
    )
    assert list(draft.attributes.order_by("order").values_list("key", flat=True))[:2] == [
        "efficiency",
        "accessibility",
    ]


def test_deleting_an_attribute_asks_for_confirmation(client_for, staff, draft):
    c = client_for(staff)
    url = reverse("catalogue:attribute_delete", args=[draft.uuid, "trust"])
    assert "Remove the attribute" in c.get(url).content.decode()
    assert draft.attributes.filter(key="trust").exists()
    c.post(url)
    assert not draft.attributes.filter(key="trust").exists()


def test_export_downloads_yaml_and_json(client_for, staff, published):
    c = client_for(staff)
    response = c.get(reverse("catalogue:version_export", args=[published.uuid, "yaml"]))
    assert response["Content-Disposition"] == 'attachment; filename="catalogue-1.yaml"'
    assert response.content.decode() == to_yaml(version_to_dict(published))
    response = c.get(reverse("catalogue:version_export", args=[published.uuid, "json"]))
    assert response.json()["label"] == "1"


def test_import_page_creates_a_draft_from_an_exported_file(client_for, staff, published):
    text = to_yaml(version_to_dict(published))
    upload = SimpleUploadedFile("catalogue.yaml", text.encode())
    response = client_for(staff).post(
        reverse("catalogue:version_import"), {"file": upload, "label": "imported"}
    )
    assert response.status_code == 302
    imported = CatalogueVersion.objects.get(label="imported")
    assert imported.status == "draft" and imported.attributes.count() == 12


def test_import_page_lists_problems_and_saves_nothing(client_for, staff, published):
    text = to_yaml(version_to_dict(published)).replace("key: trust", "key: Trust Me", 1)
    before = CatalogueVersion.objects.count()
    response = client_for(staff).post(
        reverse("catalogue:version_import"),
        {"file": SimpleUploadedFile("c.yaml", text.encode()), "label": "x"},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "nothing was imported" in body
    assert "attributes[10] (Trust Me).key: use lower-case letters" in body
    assert CatalogueVersion.objects.count() == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("c.txt", b"x", "Choose a .yaml, .yml or .json file."),
        ("c.yaml", "é".encode("latin-1"), "The file is not UTF-8 text"),
        ("c.yaml", b"a" * (1024 * 1024 + 1), "the limit is 1024 KB"),
    ],
)
def test_import_refuses_bad_files_with_a_clear_message(
    client_for, staff, published, name, content, message
):
    response = client_for(staff).post(
        reverse("catalogue:version_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert message in response.content.decode()
    assert CatalogueVersion.objects.count() == 1


def test_compare_shows_renamed_and_changed_attributes(client_for, staff, draft, published):
    trust = draft.attributes.get(key="trust")
    trust.name_en = "Trust"
    trust.save()
    descriptor = trust.descriptors.get(level__number=2)
    descriptor.text_en = "A brand new level two."
    descriptor.save()
    draft.attributes.get(key="feedback").delete()
    response = client_for(staff).get(
        reverse("catalogue:version_compare"), {"a": published.uuid, "b": draft.uuid}
    )
    result = response.context["result"]
    assert [a.key for a in result["removed"]] == ["feedback"]
    assert [r["key"] for r in result["renamed"]] == ["trust"]
    changed = next(c for c in result["changed"] if c["key"] == "trust")
    assert {"what": "descriptor", "language": "en", "level": 2} == {
        k: changed["differences"][0][k] for k in ("what", "language", "level")
    }
    assert "A brand new level two." in response.content.decode()


def test_preview_shows_the_catalogue_as_a_team_sees_it(client_for, staff, published):
    body = (
        client_for(staff)
        .get(reverse("catalogue:version_preview", args=[published.uuid]))
        .content.decode()
    )
    assert "Guiding questions" in body and "Citizen-centred" in body
    fr = (
        client_for(staff)
        .get(reverse("catalogue:version_preview", args=[published.uuid]).replace("/en/", "/fr/"))
        .content.decode()
    )
    assert "Accessibilité" in fr and "Centré sur le citoyen" in fr


def test_admin_is_read_only_for_published_versions(client_for, staff, published, draft):
    staff.is_superuser = True
    staff.save()
    c = client_for(staff)
    attribute = published.attributes.get(key="trust")
    url = reverse("admin:catalogue_attribute_change", args=[attribute.pk])
    response = c.post(
        url, {"key": "trust", "name_en": "Admin edit", "order": 1, "version": published.pk}
    )
    attribute.refresh_from_db()
    assert attribute.name_en != "Admin edit"
    assert response.status_code in {200, 403}
    draft_attribute = draft.attributes.get(key="trust")
    page = c.get(reverse("admin:catalogue_attribute_change", args=[draft_attribute.pk]))
    assert b'name="name_en"' in page.content


def _billion_laughs() -> bytes:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for index in range(1, 9):
        previous, name = chr(96 + index), chr(97 + index)
        lines.append(f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]")
    return ("\n".join(lines) + "\n").encode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bomb.yaml", _billion_laughs(), "anchors and aliases (&amp; and *) are not accepted"),
        ("deep.yaml", b"[" * 20000, "nested more than 10 levels deep"),
        ("deep.json", b"[" * 20000, "nested more than 10 levels deep"),
    ],
)
def test_hostile_catalogue_files_are_refused_at_once(
    client_for, staff, published, name, content, message
):
    response = client_for(staff).post(
        reverse("catalogue:version_import"), {"file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert CatalogueVersion.objects.count() == 1


def test_a_file_of_many_problems_is_read_only_until_fifty(client_for, staff, published):
    text = "format: ccsmm-catalogue/1\nlabel: x\nattributes:\n" + "  - {}\n" * 2000
    response = client_for(staff).post(
        reverse("catalogue:version_import"),
        {"file": SimpleUploadedFile("many.yaml", text.encode())},
    )
    body = response.content.decode()
    assert "reading stopped after 50 problems; there may be more" in body
    assert body.count("<li") < 80
