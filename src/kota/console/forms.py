"""Forms of the console's own pages. They parse input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kota.accounts.roles import staff_roles
from kota.core.validators import single_line_name_validator


def _staff_role_choices() -> list[tuple[str, str]]:
    return list(staff_roles().items())


class StaffRolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=_staff_role_choices,
        required=False,
        # Checkboxes keep their natural size beside their label, whatever the page's
        # rule for text inputs says.
        widget=forms.CheckboxSelectMultiple(attrs={"style": "width: auto"}),
        help_text=_("A city admin may do everything; an officer handles one module's work."),
    )


class StaffInviteForm(StaffRolesForm):
    email = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
    full_name = forms.CharField(
        label=_("Full name (optional)"),
        max_length=150,
        required=False,
        validators=[single_line_name_validator],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    field_order = ["email", "full_name", "roles"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["roles"].required = True


class EmailIdentityForm(forms.Form):
    email_sender_name = forms.CharField(
        label=_("Sender name"),
        max_length=100,
        required=False,
        validators=[single_line_name_validator],
        help_text=_("The name people see the city's emails come from. Empty: the city's name."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    email_reply_to = forms.EmailField(
        label=_("Reply-to address"),
        required=False,
        help_text=_(
            "Where replies to the city's emails go. Empty: to the sending address, "
            "which nobody may read."
        ),
        # "off": the browser would offer the admin's own address.
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )
