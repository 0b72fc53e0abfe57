"""Fixtures for the voice tests: a folder of files per test, and a real S3 API on 127.0.0.1."""

import uuid

import pytest


@pytest.fixture
def file_store(app, tmp_path):
    """The app keeps files in this test's own folder."""
    from portal.files.storage import LocalStorage

    saved = app.extensions["file_storage"]
    store = LocalStorage(tmp_path / "files")
    app.extensions["file_storage"] = store
    yield store
    app.extensions["file_storage"] = saved


@pytest.fixture(scope="session")
def moto_endpoint():
    """A real S3 API (moto's server) on 127.0.0.1, on a free port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3_bucket(moto_endpoint, monkeypatch):
    """A new private bucket in eu-west-2 on the moto server; returns (endpoint, bucket)."""
    import boto3

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test-key")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test-secret")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    name = f"portal-{uuid.uuid4().hex[:12]}"
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="eu-west-2")
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
    return moto_endpoint, name, client
