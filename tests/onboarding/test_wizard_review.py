"""Step 7: the review shows everything with links back, checks the answers once more,
keeps robots out, and hands the signup to kota.onboarding.services.signup_submit."""

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from kota.billing.models import Plan
from kota.onboarding.models import Signup
from kota.onboarding.specs import SignupData
from kota.onboarding.wizard import ADDRESS, ADMIN, CITY, PLAN, WizardState, problems_by_step
from kota.tenancy.scope import platform_scope
from kota.tenancy.services import city_provision
from tests.factories import CitySpecFactory
from tests.onboarding.conftest import LOOK, PASSWORD, URLS, rows, state, walk
from tests.theming.uploads import png_upload


def wizard_state(client) -> WizardState:
    with platform_scope():
        return WizardState(client.session)


def test_the_review_shows_every_answer_with_a_link_to_change_it(wizard):
    walk(wizard, through="plan")

    body = wizard.get(URLS["review"], HTTP_HOST="localhost:8000").content.decode()

    for text in (
        "<dd>Kabupaten Gunung Kidul</dd>",
        "<dd>Regency</dd>",
        "<dd>DI Yogyakarta</dd>",
        "<dd>WIB (Asia/Jakarta)</dd>",
        "<dd>kominfo@gunungkidulkab.go.id</dd>",
        '<p class="review-url">http://gunung-kidul.localhost:8000/</p>',
        "<dd>Sri Rahayu</dd>",
        "<dd>sri@gunungkidulkab.go.id</dd>",
        "<dd>Chosen (not shown)</dd>",
        "<li>Citizen reports (test)</li>",
        "#7a1f1f",
        "<p>Gratis · Free of charge</p>",
    ):
        assert text in body
    for url in ("/daftar/", "/daftar/alamat/", "/daftar/admin/", "/daftar/modul/"):
        assert f'<a href="{url}?return=review">Change<span class="visually-hidden">' in body
    assert PASSWORD not in body


def test_the_review_has_a_honeypot_that_people_do_not_see(wizard):
    walk(wizard, through="plan")

    body = wizard.get(URLS["review"]).content.decode()

    assert '<div class="honeypot" aria-hidden="true">' in body
    assert 'name="website" id="id_website" value="" tabindex="-1" autocomplete="off"' in body


def test_a_robot_filling_the_honeypot_creates_nothing(wizard):
    walk(wizard, through="plan")
    before = rows()

    response = wizard.post(URLS["review"], {"website": "https://murah.example"})

    assert response.status_code == 400
    assert "The city could not be created. Please try again." in response.content.decode()
    assert rows() == before
    assert state(wizard)["submission_key"]  # the wizard itself is untouched


def test_what_the_review_submits(wizard):
    walk(wizard, through="modules")
    wizard.post(URLS["look"], {**LOOK, "logo": png_upload()})
    walk(wizard, through="plan")

    wizard_now = wizard_state(wizard)

    assert wizard_now.signup_data() == SignupData(
        name="Kabupaten Gunung Kidul",
        kind="kabupaten",
        province="DI Yogyakarta",
        time_zone="Asia/Jakarta",
        contact_email="kominfo@gunungkidulkab.go.id",
        slug="gunung-kidul",
        admin_name="Sri Rahayu",
        admin_email="sri@gunungkidulkab.go.id",
        modules=("aduan-uji",),
        theme="default",
        primary_color="#7a1f1f",
        secondary_color="#f1c232",
        plan="gratis",
    )
    assert check_password(PASSWORD, wizard_now.password_hash)
    assert wizard_now.logo_png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(wizard_now.submission_key) >= 32


def test_each_wizard_has_its_own_submission_key_kept_from_start_to_end(wizard):
    walk(wizard, through="city")
    first = state(wizard)["submission_key"]
    walk(wizard, through="plan")
    other = type(wizard)(HTTP_HOST="localhost")
    walk(other, through="city")

    assert state(wizard)["submission_key"] == first
    assert state(other)["submission_key"] != first


def test_an_address_taken_meanwhile_is_caught_at_the_review(wizard):
    walk(wizard, through="plan")
    city_provision(spec=CitySpecFactory(slug="gunung-kidul"))
    signups = Signup.objects.count()

    page = wizard.get(URLS["review"])
    response = wizard.post(URLS["review"], {"website": ""})

    for shown in (page, response):
        body = shown.content.decode()
        assert "gunung-kidul is already taken." in body
        assert '<a href="/daftar/alamat/?return=review">Put it right at “The address”</a>' in body
    assert page.status_code == 200
    assert response.status_code == 400
    assert Signup.objects.count() == signups


def test_modules_the_plan_no_longer_includes_are_refused_at_the_review(wizard):
    walk(wizard, through="plan")
    Plan.objects.filter(key="gratis").update(modules=[])

    response = wizard.post(URLS["review"], {})

    body = response.content.decode()
    assert response.status_code == 400
    assert "Citizen reports (test) is not included in the Gratis plan." in body
    assert "The Gratis plan does not include Citizen reports (test)." in body
    assert '<a href="/daftar/modul/?return=review">' in body
    assert '<a href="/daftar/paket/?return=review">' in body
    assert Signup.objects.count() == 0


def test_signup_submit_errors_are_grouped_by_the_step_that_fixes_them():
    error = ValidationError(
        {
            "slug": ["gunung-kidul is already taken."],
            "__all__": ["Too many signups from your address; try again in an hour."],
            "admin.email": ["Enter a valid email address."],
            "contact_email": ["Enter a valid email address."],
            "plan": ["No such plan."],
        }
    )

    assert problems_by_step(error) == [
        (CITY, ["Enter a valid email address."]),
        (ADDRESS, ["gunung-kidul is already taken."]),
        (ADMIN, ["Enter a valid email address."]),
        (PLAN, ["No such plan."]),
        (None, ["Too many signups from your address; try again in an hour."]),
    ]
    assert problems_by_step(ValidationError("Coba lagi nanti.")) == [(None, ["Coba lagi nanti."])]


def test_create_submits_the_signup_then_forgets_the_wizard_and_its_password(wizard):
    walk(wizard, through="plan")
    key = state(wizard)["submission_key"]

    response = wizard.post(URLS["review"], {"website": ""})

    signup = Signup.objects.get(submission_key=key)
    assert response.status_code == 302
    assert response["Location"] == reverse("onboarding:signup-progress", args=[signup.public_id])
    assert signup.slug == "gunung-kidul"
    assert signup.data["modules"] == ["aduan-uji"]
    assert PASSWORD not in str(signup.data)
    assert state(wizard) == {}  # the password went with it
    again = wizard.post(URLS["review"], {"website": ""})
    assert again["Location"] == response["Location"]  # a second "Create" finds the first
    assert Signup.objects.filter(submission_key=key).count() == 1


def test_a_paid_plan_is_reviewed_with_payment_following_create(wizard):
    walk(wizard, through="plan")
    wizard.post(URLS["plan"], {"plan": "kota"})
    wizard.post(URLS["modules"], {"modules": ["aduan-uji", "wisata-uji"], "return": "review"})
    key = state(wizard)["submission_key"]

    body = wizard.get(URLS["review"]).content.decode()
    response = wizard.post(URLS["review"], {"website": ""})

    assert "<p>Kota · IDR 2,500,000 a month</p>" in body
    assert "Payment by card follows right after “Create”" in body
    assert "you then pay for the plan by card." in body
    assert "<li>Citizen reports (test)</li>" in body  # in the free plan: live at once
    assert '<li>Tourism (test) <span class="muted">(live once paid for)</span></li>' in body
    assert '<button type="submit">Create the city and continue to payment</button>' in body
    signup = Signup.objects.get(submission_key=key)
    assert response["Location"] == reverse("onboarding:signup-progress", args=[signup.public_id])
    assert signup.plan_key == "kota"
    assert signup.data["modules"] == ["aduan-uji", "wisata-uji"]
