from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from kota.console.access import officer_required
from tests.registry.noticeboard.models import Notice


def notice_list(request):
    return HttpResponse(", ".join(n.title for n in Notice.objects.all()))


def notice_detail(request, slug):
    return HttpResponse(get_object_or_404(Notice, slug=slug).title)


@officer_required("noticeboard")
def console_home(request):
    return HttpResponse(f"{Notice.objects.count()} notices")
