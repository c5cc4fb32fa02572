from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from api import docs as api_docs
from api import web as api_web
from core import views as platform_views
from feedback import public as feedback_public
from improvements import you_said_views
from organizations import forms as account_forms
from organizations import views as account_views
from services import views as service_views

auth_urls = [
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=account_forms.LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/profile/", api_web.profile, name="profile"),
    path("accounts/profile/tokens/<uuid:uuid>/revoke/", api_web.token_revoke, name="token_revoke"),
    path(
        "accounts/password/change/",
        auth_views.PasswordChangeView.as_view(form_class=account_forms.PasswordChangeForm),
        name="password_change",
    ),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "accounts/password/reset/",
        account_views.PasswordResetView.as_view(form_class=account_forms.PasswordResetForm),
        name="password_reset",
    ),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=account_forms.SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", platform_views.health, name="health"),
    path("api/v1/", include("api.urls")),
    # The printed link of a feedback campaign: no language, each person lands in their own.
    path("have-your-say/<str:token>/", feedback_public.link, name="feedback_link"),
    path(
        "",
        login_not_required(RedirectView.as_view(pattern_name="home", permanent=False)),
    ),
]

urlpatterns += i18n_patterns(
    path("", service_views.home, name="home"),
    path("api/docs/", api_docs.api_docs, name="api_docs"),
    path("staff/audit/", platform_views.audit_log, name="audit_log"),
    *auth_urls,
    path("", include("organizations.urls")),
    path("", include("services.urls")),
    path("staff/catalogue/", include("catalogue.urls")),
    path("", include("personas.urls")),
    path("", include("assessments.urls")),
    path("", include("improvements.urls")),
    path("", include("improvements.you_said_urls")),
    path("you-said-we-did/<str:token>/", you_said_views.public, name="you_said_public"),
    path("", include("feedback.urls")),
    path("", include("reports.urls")),
)

# Errors raised outside a view: JSON under /api/ (its documented shape), HTML pages elsewhere.
handler400 = "api.errors.bad_request"
handler403 = "api.errors.permission_denied"
handler404 = "api.errors.page_not_found"
handler500 = "api.errors.server_error"
