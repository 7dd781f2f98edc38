"""Placeholder console views: the console pages are being built."""

from django.http import HttpResponse

from kota.console.access import officer_required


@officer_required("plesiran")
def console_home(request):
    return HttpResponse("")
