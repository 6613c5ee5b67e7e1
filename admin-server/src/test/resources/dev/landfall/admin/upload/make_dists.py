"""Builds a minimal wheel and sdist of NAME VERSION into OUT (for TeamUploadIT), without any build backend.

usage: make_dists.py OUT NAME VERSION [REQUIRES-DIST ...]
"""
import base64, hashlib, io, sys, tarfile, zipfile

out, name, version, requires = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
dist = name.replace("-", "_")
module = dist.lower()
metadata = "Metadata-Version: 2.1\nName: %s\nVersion: %s\nSummary: a private package of TeamUploadIT\nRequires-Python: >=3.8\n" % (name, version)
metadata += "".join("Requires-Dist: %s\n" % r for r in requires)
metadata += "\nPrivate.\n"
files = {
    "%s/__init__.py" % module: "VERSION = %r\n" % version,
    "%s-%s.dist-info/METADATA" % (dist, version): metadata,
    "%s-%s.dist-info/WHEEL" % (dist, version): "Wheel-Version: 1.0\nGenerator: make_dists\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
record = ""
for path, text in files.items():
    data = text.encode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record += "%s,sha256=%s,%d\n" % (path, digest, len(data))
record_path = "%s-%s.dist-info/RECORD" % (dist, version)
record += "%s,,\n" % record_path
files[record_path] = record
wheel = "%s/%s-%s-py3-none-any.whl" % (out, dist, version)
with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
    for path, text in files.items():
        z.writestr(path, text)
sdist = "%s/%s-%s.tar.gz" % (out, dist, version)
with tarfile.open(sdist, "w:gz", format=tarfile.PAX_FORMAT) as t:
    for path, text in {"PKG-INFO": metadata, "pyproject.toml": "[project]\nname = %r\nversion = %r\n" % (name, version),
                       "%s/__init__.py" % module: "VERSION = %r\n" % version}.items():
        data = text.encode()
        info = tarfile.TarInfo("%s-%s/%s" % (dist, version, path))
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
print(wheel)
print(sdist)
