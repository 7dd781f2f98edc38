from django import forms


class NoticeboardSettingsForm(forms.Form):
    notices_per_page = forms.IntegerField(min_value=1, max_value=100, initial=10)
