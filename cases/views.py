"""The public pages of 互动交流: the channels, a channel's answered letters, the letter form, the
acknowledgement with the number and secret code, the look-up of a case, and one published
letter (templates cases/*.html). What is public is Case.objects.published(); the writer is
named masked, and no contact is ever on these pages."""

from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import DetailView, FormView, ListView, TemplateView

from . import services
from .forms import CommentForm, DisclosureRequestForm, LetterForm, LookupForm
from .limits import submission_refusal
from .models import Case, CaseError, Channel, Consultation

RECEIPT_SALT = "cases.received"
# How long the acknowledgement page can be opened again (a reload, a phone's back button).
RECEIPT_SECONDS = 3600
# A form is read and sent: Django's FormView would also take PUT as a POST.
FORM_METHODS = ["get", "head", "post", "options"]


class ChannelsView(TemplateView):
    """cases/index.html: ``channels``, the open ones."""

    template_name = "cases/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(channels=Channel.objects.filter(visible=True), **kwargs)


class ChannelView(ListView):
    """cases/channel.html: ``channel`` and its published letters (``page_obj``), newest first."""

    template_name = "cases/channel.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.channel = get_object_or_404(Channel, slug=kwargs["slug"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return (
            Case.objects.published()
            .filter(channel=self.channel)
            .only("number", "title", "name", "received_at", "replied_at", "channel")
            .order_by("-replied_at", "-id")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(channel=self.channel, **kwargs)


class LetterView(DetailView):
    """cases/letter.html: ``case``, a published letter and its reply."""

    template_name = "cases/letter.html"
    context_object_name = "case"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Case.objects.published().select_related("channel"),
            channel__slug=self.kwargs["slug"],
            number=self.kwargs["number"],
        )


@method_decorator(never_cache, name="dispatch")
class WriteView(FormView):
    """cases/write.html: ``channel`` and the letter ``form``; a bad field shows the form again
    with everything typed. Stored, the reader goes to the acknowledgement."""

    http_method_names = FORM_METHODS
    template_name = "cases/write.html"
    form_class = LetterForm

    def dispatch(self, request, *args, **kwargs):
        self.channel = get_object_or_404(Channel, slug=kwargs["slug"], visible=True)
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        if self.channel.kind == Channel.Kind.DISCLOSURE:
            return DisclosureRequestForm
        return LetterForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(channel=self.channel, **kwargs)

    def form_valid(self, form):
        refusal = submission_refusal(self.request, form.cleaned_data["phone"])
        if refusal:
            form.add_error(None, refusal)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        case, code = services.case_receive(
            channel=self.channel, fields=form.fields_for_case(),
            files=form.cleaned_data.get("files") or [],
        )  # fmt: skip
        token = signing.dumps({"n": case.number, "c": code}, salt=RECEIPT_SALT)
        return redirect(reverse("cases:received", kwargs={"token": token}))


@method_decorator(never_cache, name="dispatch")
class ReceivedView(TemplateView):
    """cases/received.html: ``number``, ``code`` and ``case`` — shown for an hour after writing."""

    template_name = "cases/received.html"

    def get_context_data(self, **kwargs):
        try:
            receipt = signing.loads(kwargs["token"], salt=RECEIPT_SALT, max_age=RECEIPT_SECONDS)
        except signing.BadSignature:
            raise Http404 from None
        case = get_object_or_404(Case.objects.select_related("channel"), number=receipt["n"])
        return super().get_context_data(case=case, number=receipt["n"], code=receipt["c"])


@method_decorator(never_cache, name="dispatch")
class LookupView(FormView):
    """cases/lookup.html: the form, and once number and code match, ``case`` and its state."""

    http_method_names = FORM_METHODS
    template_name = "cases/lookup.html"
    form_class = LookupForm

    def form_valid(self, form):
        return self.render_to_response(
            self.get_context_data(form=form, case=form.cleaned_data["case"])
        )


class ConsultationsView(ListView):
    """cases/consultations.html: every consultation (``page_obj``), the open ones first."""

    template_name = "cases/consultations.html"
    paginate_by = 20
    queryset = Consultation.objects.order_by("-closes_on", "-id")


@method_decorator(never_cache, name="dispatch")
class ConsultationView(FormView):
    """cases/consultation.html: ``consultation``, its approved ``comments`` (writers masked),
    the summary once published, and while it is open the comment ``form``."""

    http_method_names = FORM_METHODS
    template_name = "cases/consultation.html"
    form_class = CommentForm

    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(Consultation, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultation=self.consultation,
            comments=self.consultation.comments.published(),
            accepting=self.consultation.is_open(),
            **kwargs,
        )

    def form_valid(self, form):
        refusal = submission_refusal(self.request, form.cleaned_data["phone"])
        if refusal is None:
            try:
                services.comment_receive(
                    consultation=self.consultation, fields=form.fields_for_comment()
                )
            except CaseError as error:
                refusal = str(error)
        if refusal:
            form.add_error(None, refusal)
            response = self.form_invalid(form)
            response.status_code = 429 if self.consultation.is_open() else 400
            return response
        return self.render_to_response(self.get_context_data(form=CommentForm(), received=True))
