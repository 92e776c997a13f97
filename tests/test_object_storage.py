"""Pictures on several hosts: uploads go to S3-compatible object storage (django-storages),
tested against moto's S3 server running on loopback."""

import json
import re

import boto3
import pytest
import requests
from django.db import connection
from django.utils import timezone

from articles.demo import photo_jpeg
from articles.models import Article
from tests.factories import make_author
from tests.servers import database_url

BUCKET = "breakingeven-pictures"
PASSWORD = "correct horse battery staple"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": "*",
            "Action": "s3:GetObject",
            "Resource": f"arn:aws:s3:::{BUCKET}/*",
        }
    ],
}
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the server process shares the PostgreSQL test database",
    ),
]


@pytest.fixture
def s3_endpoint(moto_endpoint):
    """moto's S3 API on loopback, with an empty bucket anyone may read but no one list."""
    client = boto3.client(
        "s3",
        endpoint_url=moto_endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",  # noqa: S106 (moto accepts any)
    )
    client.create_bucket(Bucket=BUCKET)
    # As the README asks of the operator: anyone may read the pictures, no one list them.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    return moto_endpoint, client


def stored_keys(client):
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def signed_in_editor(server, django_user_model, settings):
    # Hashed as the server process checks it, not with the tests' fast hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    session = requests.Session()
    base = f"http://127.0.0.1:{server.port}"
    session.get(f"{base}/admin/login/", timeout=30)
    reply = session.post(
        f"{base}/admin/login/?next=/admin/",
        data={
            "username": "editor",
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        allow_redirects=False,
        timeout=30,
    )
    assert reply.status_code == 302, reply.text
    return session, base


def add_article(session, base, author, picture, name="hills.jpg"):
    session.get(f"{base}/admin/articles/article/add/", timeout=30)
    now = timezone.localtime()
    return session.post(
        f"{base}/admin/articles/article/add/",
        data={
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
            "title": "Hills",
            "slug": "hills",
            "dek": "A walk.",
            "body_markdown": "Text.",
            "hero_alt": "Green hills at dusk",
            "hero_caption": "",
            "meta_description": "",
            "status": "published",
            "published_at_0": now.strftime("%Y-%m-%d"),
            "published_at_1": (now - timezone.timedelta(minutes=1)).strftime("%H:%M:%S"),
            "author": author.pk,
        },
        files={"hero_image": (name, picture, "image/jpeg")},
        allow_redirects=False,
        timeout=120,
    )


@pytest.fixture
def storage_site(s3_endpoint, start_server):
    endpoint, client = s3_endpoint
    server = start_server(
        DATABASE_URL=database_url(connection),
        SECURE_HTTPS="false",
        MEDIA_BUCKET=BUCKET,
        MEDIA_ENDPOINT_URL=endpoint,
        MEDIA_REGION="us-east-1",
        **CREDENTIALS,
    )
    return server, endpoint, client


def test_an_upload_in_the_admin_lands_in_the_bucket_and_the_page_links_it(
    storage_site, django_user_model, settings
):
    """Renditions go to the bucket, the article links them there, and the CSP allows it."""
    server, endpoint, client = storage_site
    session, base = signed_in_editor(server, django_user_model, settings)
    reply = add_article(session, base, make_author(), photo_jpeg(width=1600, height=1200))
    assert reply.status_code == 302, reply.text
    article = Article.objects.get(slug="hills")
    stem = article.hero_image.name.removesuffix(".jpg")
    keys = stored_keys(client)
    assert article.hero_image.name in keys
    for expected in ("-480w.avif", "-1600w.webp", "-1200w.jpg", "-card.jpg"):
        assert f"{stem}{expected}" in keys

    page = requests.get(f"{base}{article.get_absolute_url()}", timeout=30)
    assert page.status_code == 200
    img_src = re.search(r"img-src ([^;]+)", page.headers["Content-Security-Policy"]).group(1)
    assert endpoint in img_src.split()
    avif = f"{endpoint}/{BUCKET}/{stem}-800w.avif"
    assert f"{avif} 800w" in page.text
    assert f'content="{endpoint}/{BUCKET}/{stem}-card.jpg"' in page.text

    picture = requests.get(avif, timeout=30)
    assert picture.status_code == 200
    assert picture.headers["Content-Type"] == "image/avif"
    assert picture.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_a_refused_upload_leaves_nothing_in_the_bucket(storage_site, django_user_model, settings):
    """A truncated JPEG gets the form's message and not one object is written."""
    server, _, client = storage_site
    session, base = signed_in_editor(server, django_user_model, settings)
    photo = photo_jpeg(width=1200, height=900)
    reply = add_article(session, base, make_author(), photo[: len(photo) // 2], "cut.jpg")
    assert reply.status_code == 200
    assert "This picture is damaged or incomplete" in reply.text
    assert stored_keys(client) == []
    assert not Article.objects.exists()
