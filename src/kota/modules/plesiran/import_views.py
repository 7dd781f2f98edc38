"""The console's bulk import page, /console/plesiran/impor/.

Two steps: the officer chooses a kind and a file and it is checked (a dry run); when the
file is clean the page offers to import it. Between the two steps the checked file is
kept compressed in the officer's session (their own, in the city's schema, gone when
they log out), for at most IMPORT_KEEP_MINUTES and only while it is small; a larger
one is chosen again and imported in one go. Either way the import checks every row
again (the city's data may have changed since the check) and writes all or nothing.
Nothing is kept on disk: an upload lives only as long as its request.
"""

import time

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kota.console.access import officer_required
from kota.modules.plesiran.imports import (
    COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportKind,
    ImportReport,
    file_digest,
    file_pack,
    file_unpack,
    import_file,
)

SESSION_KEY = "plesiran_import"
IMPORT_KEEP_MINUTES = 30
# Compressed size of a checked file kept in the session; a bigger one is chosen again.
SESSION_FILE_MAX_CHARS = 1_000_000
# Problems shown on the page; the count says how many there are in all.
PROBLEMS_SHOWN = 500


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("CSV (UTF-8, comma or semicolon separated) or GeoJSON."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.geojson,.json"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(max)d MB; split it into smaller files.")
                % {"max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        return upload


@officer_required("plesiran")
def import_page(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, ImportForm())
    if request.POST.get("action") == "confirm":
        return _confirm(request)
    form = ImportForm(data=request.POST, files=request.FILES)
    if not form.is_valid():
        return _page(request, form, status=400)
    kind = form.cleaned_data["kind"]
    upload = form.cleaned_data["file"]
    data = upload.read()
    dry_run = request.POST.get("action") != "import"
    report = import_file(
        city=request.city,
        actor=request.user,
        kind=kind,
        data=data,
        filename=upload.name,
        dry_run=dry_run,
    )
    if not dry_run and report.is_clean:
        return _imported(request, report)
    kept = report.is_clean and _keep(request, kind=kind, filename=upload.name, data=data)
    return _page(
        request,
        ImportForm(initial={"kind": kind}),
        report=report,
        kept=kept,
        status=200 if report.is_clean else 400,
    )


def _confirm(request: HttpRequest) -> HttpResponse:
    kept = request.session.pop(SESSION_KEY, None)
    fresh = kept and time.time() - kept["at"] < IMPORT_KEEP_MINUTES * 60
    if not fresh or kept["digest"] != request.POST.get("digest"):
        messages.error(
            request, _("The checked file is no longer here: choose it and check it again.")
        )
        return _page(request, ImportForm(), status=400)
    report = import_file(
        city=request.city,
        actor=request.user,
        kind=kept["kind"],
        data=file_unpack(kept["data"]),
        filename=kept["filename"],
        dry_run=False,
    )
    if report.is_clean:
        return _imported(request, report)
    # The city's data changed between the check and the import: nothing was written.
    return _page(request, ImportForm(initial={"kind": kept["kind"]}), report=report, status=400)


def _keep(request: HttpRequest, *, kind: str, filename: str, data: bytes) -> dict | None:
    packed = file_pack(data)
    if len(packed) > SESSION_FILE_MAX_CHARS:
        request.session.pop(SESSION_KEY, None)
        return None
    kept = {
        "kind": kind,
        "filename": filename[:200],
        "digest": file_digest(data),
        "data": packed,
        "at": time.time(),
    }
    request.session[SESSION_KEY] = kept
    return kept


def _imported(request: HttpRequest, report: ImportReport) -> HttpResponse:
    messages.success(
        request,
        _("%(file)s imported: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % {
            "file": report.filename,
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
        },
    )
    return redirect("plesiran-console:import")


def _page(request, form, *, report=None, kept=None, status=200) -> HttpResponse:
    kinds = [
        {"key": kind, "label": label, "columns": COLUMNS[kind]}
        for kind, label in ImportKind.choices
    ]
    context = {
        "form": form,
        "report": report,
        "problems": report.problems[:PROBLEMS_SHOWN] if report else [],
        "kept": kept,
        "kinds": kinds,
        "max_mb": MAX_FILE_BYTES // (1024 * 1024),
        "max_rows": MAX_ROWS,
    }
    return render(request, "plesiran/console/import.html", context, status=status)
