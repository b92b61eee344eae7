"""Settings of the Caiqiao town website, driven by environment variables.

Each variable is named after the setting it sets. Development defaults are safe: DEBUG is off
unless asked for, and a production process without SECRET_KEY refuses to start.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
# templates/, static/, locale/: beside manage.py in a checkout, inside this package in the wheel.
PACKAGE_DIR = Path(__file__).resolve().parent
SITE_DIR = PACKAGE_DIR if (PACKAGE_DIR / "templates").is_dir() else BASE_DIR


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment, "
            "or DEBUG=1 for local development."
        )
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

# A demonstration site (`make run`): the demo accounts' shared password opens them, seed_demo
# fills the site without --force. Never on a real site (accounts.E002 under check --deploy).
DEMO_SITE = env_bool("DEMO_SITE", DEBUG)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "ckeditor",
    "ckeditor_uploader",
    "captcha",
    # Ours, one app per concern (docs/developers/architecture.md). accounts follows the apps whose
    # permissions its roles hold: it makes the roles after theirs exist (post_migrate).
    "website",
    "news",
    "attachments",
    "opendata",
    "compliance",
    "wordpaste",
    "autosave",
    "inbox",
    "readership",
    "search",
    "traditional",
    "imports",
    "links",
    "workdays",
    "cases",
    "accounts",
    "backups",
]

# Staff accounts are accounts.User (Django's user, named by its name), in Django's own table.
AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but for SecurityMiddleware, so that every answer carries the policy, also the
    # 400 of a bad Host header (core.csp).
    "core.csp.SiteCSPMiddleware",
    # The request is known to the security audit log from here on (core.audit).
    "core.audit.AuditContextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip for what the site writes itself (core.compression): outside everything that rewrites
    # the content (website.preferences), inside WhiteNoise, whose files are compressed already.
    "core.compression.TextGZipMiddleware",
    "website.middleware.RefuseBadRequests",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "traditional.middleware.ScriptMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.AccountRulesMiddleware",
    # The reader's text size and contrast, written into every HTML page, cached or not.
    "website.preferences.PreferencesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "caiqiao.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "website.context_processors.site",
                "traditional.context_processors.script",
            ],
        },
    },
]

WSGI_APPLICATION = "caiqiao.wsgi.application"

# Database: SQLite is the embedded default, PostgreSQL is production (DATABASE_URL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A kept connection is tested before a request reuses it, so after a database restart
        # the site reconnects by itself instead of failing on a dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions and a busy timeout let concurrent writers (the view counter) wait
    # for each other instead of failing with "database is locked"; WAL lets readers go on.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not the shared in-memory database, so that live-server threads each get their
    # own connection in tests, as in production.
    # One file per process, so two test runs on one machine do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / f".test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Staff accounts (docs/developers/security.md). The lockout and the demo-password rule sit before
# Django's ModelBackend.
AUTHENTICATION_BACKENDS = ["accounts.backends.StaffBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.passwords.CharacterClassesValidator"},
    {"NAME": "accounts.passwords.PasswordHistory"},
]
# The 等级保护 extras, off by default: how many of lower case, upper case, digits and symbols a
# password mixes (0-4), and the days after which it must be changed at the next login.
PASSWORD_MIN_CHARACTER_CLASSES = env_int("PASSWORD_MIN_CHARACTER_CLASSES", 0)
PASSWORD_MAX_AGE_DAYS = env_int("PASSWORD_MAX_AGE_DAYS", 0)
# Login lockout (accounts.lockout): failures within the window, per account and per address,
# lock for the window from the last of them; 等级保护 2.0: 5 failures, at least 30 minutes.
LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
LOGIN_FAILURES_PER_ADDRESS = env_int("LOGIN_FAILURES_PER_ADDRESS", 30)
LOGIN_LOCKOUT_MINUTES = env_int("LOGIN_LOCKOUT_MINUTES", 30)
# Staff sessions: 30 minutes idle (the session's own expiry, renewed by every request), 12 hours
# from login at most (accounts.sessions).
ADMIN_SESSION_IDLE_SECONDS = env_int("ADMIN_SESSION_IDLE_SECONDS", 30 * 60)
ADMIN_SESSION_MAX_SECONDS = env_int("ADMIN_SESSION_MAX_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = ADMIN_SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
# The security audit log is kept this many days (at least 180: 网络安全法 Art. 21; prune_audit).
AUDIT_RETENTION_DAYS = env_int("AUDIT_RETENTION_DAYS", 180)

# Chinese only, deliberately without LocaleMiddleware: an English browser must not turn the
# admin English. The public site is also served in Traditional characters under /zh-hant/,
# converted by OpenCC (traditional/); the script comes from the address alone
# (traditional.middleware.ScriptMiddleware).
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("zh-hant", _("繁体中文"))]
# OpenCC's configuration for 简→繁 (traditional/convert.py says why s2tw).
TRADITIONAL_OPENCC_CONFIG = os.environ.get("TRADITIONAL_OPENCC_CONFIG", "s2tw")
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [SITE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [SITE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Production: the web server serves uploads (docs/operators/nginx.md); SERVE_MEDIA lets Django serve
# them itself for development and for a single-process deployment.
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)

# Attachments are private until their article is public: stored where the web server does not
# look, served only by attachments.views (docs/staff/attachments.md).
ATTACHMENTS_ROOT = Path(os.environ.get("ATTACHMENTS_ROOT", BASE_DIR / "private-attachments"))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 50 * 1024 * 1024)

# Change forms keep what is typed as the user's draft every this many seconds (autosave/);
# a draft larger than AUTOSAVE_MAX_BYTES is refused (the browser keeps its own copy).
AUTOSAVE_INTERVAL_SECONDS = env_int("AUTOSAVE_INTERVAL_SECONDS", 30)
AUTOSAVE_MAX_BYTES = env_int("AUTOSAVE_MAX_BYTES", 2 * 1024 * 1024)
# The largest paste from Word or WPS the editor sends to be cleaned (wordpaste/): 2 MB of
# clipboard HTML is some 30 pages of text and is cleaned in about 2 s; more is refused with a
# message (paste in parts), not left to hold a worker.
WORDPASTE_MAX_BYTES = env_int("WORDPASTE_MAX_BYTES", 2 * 1024 * 1024)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "attachments": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": ATTACHMENTS_ROOT},
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploads in an S3-compatible object store (several app servers, no shared disk): set
# AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for a non-Amazon store, AWS_ACCESS_KEY_ID,
# AWS_SECRET_ACCESS_KEY, AWS_S3_CUSTOM_DOMAIN for the public address). Needs the [s3] extra.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "file_overwrite": False,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "max-age=86400"},
        },
    }
    # Attachments in the same bucket under a prefix its public-read policy must leave out.
    STORAGES["attachments"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "location": "private-attachments",
            "default_acl": "private",
            "file_overwrite": False,
        },
    }

FILE_UPLOAD_PERMISSIONS = 0o644
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest image (in pixels) accepted as a cover or in the editor: a 6000 × 4000 photo fits,
# a decompression bomb does not.
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 30_000_000)
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)

# Security. The HTTPS-only switches are on by default when DEBUG is off; each can be switched off
# for a process that serves plain HTTP on 127.0.0.1 behind a TLS proxy, in tests and benchmarks.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
# On by default; 0 while a subdomain of the site's domain is still on plain HTTP. The preload
# token only consents to the browsers' preload list; nobody is listed until someone submits the
# domain (docs/operators/production.md: when to turn either off).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", SECURE_HSTS_INCLUDE_SUBDOMAINS)
# The load balancer's health check may come over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("USE_X_FORWARDED_PROTO", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
# Addresses of our own reverse proxies. Only a request arriving from one of them may name the
# client's address in X-Forwarded-For (core.clients: the counter, the lockout, the audit log);
# anyone else's X-Forwarded-For is ignored.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
SESSION_COOKIE_HTTPONLY = True

# Content-Security-Policy (core.csp, django-csp). Public pages: everything from this site, no
# inline script or style, no plugins, no <base>, never framed. Images may also come from
# CSP_IMAGE_ORIGINS (an object store's public address, e.g. https://media.caiqiao.gov.cn).
CSP_IMAGE_ORIGINS = env_list("CSP_IMAGE_ORIGINS", [])
_CSP_COMMON = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "img-src": ["'self'", *CSP_IMAGE_ORIGINS],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": {**_CSP_COMMON, "style-src": ["'self'"]}}
# The admin and CKEditor: CKEditor 4 sets inline styles everywhere and shows pasted or chosen
# images from data: and blob: addresses while it works. Scripts still only from this site.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **_CSP_COMMON,
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *CSP_IMAGE_ORIGINS],
    }
}

# "default" holds what app servers must share: the view-count windows and the navigation. With
# REDIS_URL it is Redis (several app servers, several gunicorn workers); without, each process's
# memory, which suits `make run` and tests only. "pages" keeps rendered pages in each process:
# they are keyed by the article's version and the minute, so nothing needs sharing there.
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    ),
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "pages",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# The security audit log also goes out as one JSON line per event on the "caiqiao.audit"
# logger: to standard error (gunicorn's log, journald), or appended to AUDIT_LOG_FILE, from
# where rsyslog or a log shipper takes it off the host.
AUDIT_LOG_FILE = os.environ.get("AUDIT_LOG_FILE", "")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "audit": (
            {
                "class": "logging.handlers.WatchedFileHandler",
                "filename": AUDIT_LOG_FILE,
                "formatter": "line",
                "encoding": "utf-8",
            }
            if AUDIT_LOG_FILE
            else {"class": "logging.StreamHandler", "formatter": "line"}
        ),
    },  # fmt: skip
    "loggers": {"caiqiao.audit": {"handlers": ["audit"], "level": "INFO", "propagate": False}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# django-ckeditor. Its bundled CKEditor 4.22.1 is end-of-life. The design requires it, so it
# stays, and the server never trusts what it sends (news.sanitize, news.uploads). Its warning
# ckeditor.W001 gives way to news.I001, which says so with what mitigates it here, under
# check --deploy (news/apps.py).
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
# Uploads go through news.uploads (re-encoded, uploads/<random>.<ext>, audited); django-ckeditor's
# own upload and browse views are not served, so its upload settings are not used.
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "height": 420,
        "width": "100%",
        "toolbar": "Caiqiao",
        "toolbar_Caiqiao": [
            ["Format", "Bold", "Italic", "Underline", "Subscript", "Superscript", "RemoveFormat"],
            ["JustifyCenter", "JustifyRight"],
            ["NumberedList", "BulletedList", "Blockquote", "HorizontalRule"],
            ["Link", "Unlink", "UploadPicture", "Image", "Table"],
            ["Undo", "Redo", "Maximize", "Source"],
        ],
        "format_tags": "p;h2;h3;h4",
        # What the server keeps anyway (news.sanitize): no inline styles or fonts, only its
        # classes: 居中/右对齐 as text-center/text-right, pictures through image2 (captions).
        "removePlugins": "exportpdf,font,colorbutton,stylescombo,image",
        "extraPlugins": "image2,uploadpicture",
        # 上传图片: choose a file, it is uploaded and its dialog opens (static/news/admin/ckeditor).
        "external_plugin_resources": [
            ("uploadpicture", f"{STATIC_URL}news/admin/ckeditor/uploadpicture/", "plugin.js")
        ],
        # Pictures never wider than the editor, as on the public page (news/css/site.css).
        "contentsCss": [
            f"{STATIC_URL}ckeditor/ckeditor/contents.css",
            f"{STATIC_URL}news/admin/ckeditor/contents.css",
        ],
        "disallowedContent": "*{*}",
        "justifyClasses": ["text-left", "text-center", "text-right", "text-justify"],
        "image2_captionedClass": "image",
        "image2_alignClasses": ["image-left", "image-center", "image-right"],
        "image2_prefillDimensions": False,
        # Pasted and dropped pictures upload at once, through the same checked view.
        "uploadUrl": "/ckeditor/upload/",
        # Documents pasted from Word or WPS are cleaned there first (static/wordpaste).
        "wordpasteUrl": "/ckeditor/wordpaste/",
        # XHR uploads carry the CSRF token (static/news/admin/ckeditor-csrf.js). No browse
        # button: uploads are not listed to other staff.
        "filebrowserUploadMethod": "xhr",
        "filebrowserBrowseUrl": "",
        "filebrowserWindowWidth": 900,
        "filebrowserWindowHeight": 600,
    }
}

SITE_NAME = os.environ.get("SITE_NAME", "蔡桥镇人民政府")
# The site's public address, for links in e-mails (no trailing slash).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NEWS_PAGE_SIZE = 20

# The view-counting policy (docs/site/counting.md). A view is one GET of a public article page by a
# person: not a crawler (VIEW_COUNT_BOT_PATTERNS, matched case-insensitively against the
# User-Agent; an empty User-Agent is a bot too), not a prefetch or prerender, not a preview.
# The same browser counts once per article per VIEW_COUNT_WINDOW_SECONDS (0: every view).
VIEW_COUNT_WINDOW_SECONDS = env_int("VIEW_COUNT_WINDOW_SECONDS", 600)
# At most this many views of one article are counted per client address per clock hour (0: no
# limit), whatever cookies or User-Agents the requests bring (docs/site/counting.md: why 60).
VIEW_COUNT_MAX_PER_ADDRESS_HOUR = env_int("VIEW_COUNT_MAX_PER_ADDRESS_HOUR", 60)
VIEW_COUNT_BOT_PATTERNS = [
    r"baiduspider", r"sogou.*spider", r"360spider", r"haosouspider", r"bytespider", r"googlebot",
    r"bingbot", r"yisouspider", r"petalbot", r"yandex", r"slurp", r"duckduckbot",
    r"bot\b", r"spider", r"crawl", r"curl/", r"wget/", r"python-requests",
    r"python-urllib", r"headlesschrome", r"httpclient", r"scrapy", r"go-http-client",
]  # fmt: skip
# How long list pages (home, /news/, columns) are served from the cache: the most a new or
# withdrawn article lags on them.
LIST_CACHE_SECONDS = env_int("LIST_CACHE_SECONDS", 5)
# The longest a search may take on PostgreSQL before the reader is asked for a narrower word.
SEARCH_TIMEOUT_MS = env_int("SEARCH_TIMEOUT_MS", 3000)

# --- Importing an old site (imports/, docs/staff/import.md) ---
# The largest file import_articles reads (bytes): a saved article page is tens of KB, one with
# pictures inlined a few MB; a bigger file is refused (reported) before it is read.
IMPORT_MAX_FILE_BYTES = env_int("IMPORT_MAX_FILE_BYTES", 5 * 1024 * 1024)

# --- Link checker (links/, docs/staff/links.md) ---
# Seconds to wait for an outside site's answer; the most requests to one outside host in one run
# (the rest wait for the next run); seconds between two requests to one host; redirects followed.
LINK_CHECK_TIMEOUT = float(os.environ.get("LINK_CHECK_TIMEOUT", "10"))
LINK_CHECK_MAX_PER_HOST = env_int("LINK_CHECK_MAX_PER_HOST", 100)
LINK_CHECK_HOST_DELAY = float(os.environ.get("LINK_CHECK_HOST_DELAY", "1"))
LINK_CHECK_MAX_REDIRECTS = env_int("LINK_CHECK_MAX_REDIRECTS", 5)
# Other host names of this site (besides SITE_URL's), e.g. "caiqiao.gov.cn,www.caiqiao.gov.cn":
# links to them are internal links (answered by the site's own rules, without a request).
LINK_CHECK_OWN_HOSTS = env_list("LINK_CHECK_OWN_HOSTS", [])
# Outside links to private, loopback, link-local, multicast or reserved addresses (127.0.0.1,
# 10.x, 192.168.x, 169.254.169.254, ::1, fc00::/7, ...) are not asked. Hosts that may be asked
# although private, as written in the links (a name, or an IP address), e.g. the county's
# intranet platform: "oa.county.example,10.20.0.8".
LINK_CHECK_ALLOWED_PRIVATE_HOSTS = env_list("LINK_CHECK_ALLOWED_PRIVATE_HOSTS", [])
# --- end of the link checker's settings ---

# --- Residents' letters (cases/, docs/staff/cases.md) ---
# Submissions accepted from one client address per clock hour, and from one contact (phone
# number) per day; past them a submission is refused with a message (429). 0: no limit.
CASES_MAX_PER_ADDRESS_HOUR = env_int("CASES_MAX_PER_ADDRESS_HOUR", 10)
CASES_MAX_PER_CONTACT_DAY = env_int("CASES_MAX_PER_CONTACT_DAY", 5)
# Files a resident may send with a letter: how many, and how large each (the allow-list is the
# articles' attachments').
CASES_MAX_ATTACHMENTS = env_int("CASES_MAX_ATTACHMENTS", 3)
CASES_ATTACHMENT_MAX_BYTES = env_int("CASES_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)

# The CAPTCHA of residents' forms (django-simple-captcha, drawn here: no outside service): a sum
# of two small numbers in large type, for readers who see poorly; valid for an hour, since a
# letter takes a while to write.
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.math_challenge"
CAPTCHA_MATH_CHALLENGE_OPERATOR = "+"
CAPTCHA_FONT_SIZE = 40
CAPTCHA_LETTER_ROTATION = (-8, 8)
CAPTCHA_NOISE_FUNCTIONS = ("captcha.helpers.noise_dots",)
CAPTCHA_TIMEOUT = 60

# --- The inspection's clock and thresholds (compliance/, docs/staff/compliance.md) ---
# 国办秘函〔2019〕19号: the home page updated within HOME_DAYS; the veto thresholds (单项否决):
# STALE_COLUMNS columns past their update period, LONG_STALE_COLUMNS not updated for
# LONG_STALE_DAYS, BLANK_COLUMNS without any public article. Warned WARNING_DAYS before. Up to
# LIVE_REPORT_ARTICLES public articles the admin's 网站检查报告 checks them all as it opens
# (about a second); a bigger site's page shows the last run of inspect_site.
COMPLIANCE = {
    "HOME_DAYS": env_int("COMPLIANCE_HOME_DAYS", 14),
    "STALE_COLUMNS": env_int("COMPLIANCE_STALE_COLUMNS", 5),
    "LONG_STALE_DAYS": env_int("COMPLIANCE_LONG_STALE_DAYS", 365),
    "LONG_STALE_COLUMNS": env_int("COMPLIANCE_LONG_STALE_COLUMNS", 10),
    "BLANK_COLUMNS": env_int("COMPLIANCE_BLANK_COLUMNS", 5),
    "WARNING_DAYS": env_int("COMPLIANCE_WARNING_DAYS", 3),
    "LIVE_REPORT_ARTICLES": env_int("COMPLIANCE_LIVE_REPORT_ARTICLES", 3000),
}
