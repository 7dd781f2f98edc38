from django.urls import path

from kota.console import billing_views, domain_views, email_views, staff_views, views
from kota.theming import views as theming_views

app_name = "console"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("modules/", views.modules_list, name="modules"),
    path("modules/<slug:key>/switch/", views.module_switch, name="module-switch"),
    path("modules/<slug:key>/settings/", views.module_settings, name="module-settings"),
    path("domains/", domain_views.domains, name="domains"),
    path("domains/remove/", domain_views.domain_delete, name="domain-delete"),
    path("audit/", views.audit_log, name="audit"),
    path("branding/", theming_views.branding_edit, name="branding"),
    path("staff/", staff_views.staff_list, name="staff"),
    path("staff/invite/", staff_views.staff_invite, name="staff-invite"),
    path("staff/<uuid:public_id>/", staff_views.staff_member, name="staff-member"),
    path(
        "staff/<uuid:public_id>/deactivate/",
        staff_views.staff_deactivate,
        name="staff-deactivate",
    ),
    path(
        "staff/<uuid:public_id>/reactivate/",
        staff_views.staff_reactivate,
        name="staff-reactivate",
    ),
    path("email/", email_views.email_identity, name="email-identity"),
    path("langganan/", billing_views.billing, name="billing"),
    path("langganan/mulai/", billing_views.billing_checkout, name="billing-checkout"),
    path("langganan/kelola/", billing_views.billing_manage, name="billing-manage"),
]
