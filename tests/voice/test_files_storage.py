"""One storage interface, two kinds: a folder under instance/ and S3-compatible storage."""

import os
import stat

import pytest

from portal.files.storage import (
    FileMissing,
    LocalStorage,
    S3Storage,
    StorageNotConfigured,
    from_config,
)

BIG = os.urandom(300 * 1024)  # more than one 64 KB chunk


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return LocalStorage(tmp_path / "files")
    endpoint, bucket, _ = request.getfixturevalue("s3_bucket")
    return S3Storage(bucket, endpoint_url=endpoint, region="eu-west-2", prefix="portal")


def test_put_get_stream_delete(store):
    key = "school-1/pupil-2/audio-abc123"
    assert not store.exists(key)
    store.put(key, BIG, "audio/webm")
    assert store.exists(key)
    assert store.get(key) == BIG
    chunks = list(store.stream(key))
    assert len(chunks) > 1 and b"".join(chunks) == BIG
    store.put(key, b"replaced", "audio/webm")
    assert store.get(key) == b"replaced"
    store.delete(key)
    assert not store.exists(key)
    store.delete(key)  # deleting twice is harmless


def test_a_missing_key_says_so(store):
    with pytest.raises(FileMissing):
        store.get("school-1/pupil-2/nothing-here")
    with pytest.raises(FileMissing):
        list(store.stream("school-1/pupil-2/nothing-here"))


@pytest.mark.parametrize("key", ["../etc/passwd", "/absolute", "a//b", "a/../b", "a b", "", "a/"])
def test_keys_cannot_leave_the_store(store, key):
    with pytest.raises(ValueError):
        store.put(key, b"x", "text/plain")


def test_local_files_are_private_and_never_half_written(tmp_path):
    store = LocalStorage(tmp_path / "files")
    store.put("school-1/pupil-2/image-x", b"picture", "image/jpeg")
    path = tmp_path / "files" / "school-1" / "pupil-2" / "image-x"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["image-x"]  # no partial files left


def test_s3_objects_live_under_the_prefix_and_are_private(s3_bucket):
    endpoint, bucket, client = s3_bucket
    store = S3Storage(bucket, endpoint_url=endpoint, region="eu-west-2", prefix="/portal/")
    store.put("school-1/pupil-2/audio-x", b"abc", "audio/webm")
    head = client.head_object(Bucket=bucket, Key="portal/school-1/pupil-2/audio-x")
    assert head["ContentType"] == "audio/webm" and head["ContentLength"] == 3
    grants = client.get_object_acl(Bucket=bucket, Key="portal/school-1/pupil-2/audio-x")["Grants"]
    assert all("AllUsers" not in str(g.get("Grantee")) for g in grants)


def test_configuration_chooses_the_storage(tmp_path, s3_bucket):
    endpoint, bucket, _ = s3_bucket
    local = from_config({"FILE_STORAGE_PATH": str(tmp_path)})
    assert isinstance(local, LocalStorage) and local.root == tmp_path
    s3 = from_config(
        {
            "FILE_STORAGE": "S3",
            "S3_BUCKET": bucket,
            "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": "eu-west-2",
            "S3_PREFIX": "x",
        }
    )
    s3.put("k", b"v", "text/plain")
    assert s3.get("k") == b"v"
    with pytest.raises(StorageNotConfigured, match="S3_BUCKET"):
        from_config({"FILE_STORAGE": "s3"})
    with pytest.raises(StorageNotConfigured, match="'ftp'"):
        from_config({"FILE_STORAGE": "ftp"})


def test_the_app_refuses_to_start_with_storage_it_cannot_use():
    from portal import create_app
    from portal.config import for_tests

    with pytest.raises(StorageNotConfigured):
        create_app({**for_tests("sqlite://"), "FILE_STORAGE": "s3", "S3_BUCKET": None})
