package dev.landfall.admin.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upload checks (README "Team views"): the accepted upload, then each refusal one change away from it. */
class UploadCheckTest {

    private static final String WHEEL = "acme_tools-2.0.0-py3-none-any.whl";
    private static final UploadCheck.Digests RECEIVED = new UploadCheck.Digests("a".repeat(64), "b".repeat(32), "c".repeat(64));
    private static final CoreMetadata METADATA = CoreMetadata.parse(
            "Metadata-Version: 2.1\nName: Acme.Tools\nVersion: 2.0.0\nRequires-Python: >=3.8\n\nbody: not a field\n"
                    .getBytes(StandardCharsets.UTF_8)).orElseThrow();

    private static Map<String, String> form() {
        Map<String, String> f = new HashMap<>();
        f.put(":action", "file_upload");
        f.put("name", "acme-tools");
        f.put("version", "2.0.0");
        f.put("filetype", "bdist_wheel");
        f.put("sha256_digest", "a".repeat(64));
        f.put("md5_digest", "b".repeat(32));
        f.put("blake2_256_digest", "C".repeat(64));
        return f;
    }

    private static String refusal(Map<String, String> form, String filename, CoreMetadata metadata) {
        UploadCheck.Result r = UploadCheck.check(form, filename, RECEIVED, metadata);
        return r instanceof UploadCheck.Refused refused ? refused.message() : "accepted";
    }

    @Test
    void theControlUploadIsAccepted() {
        assertThat(refusal(form(), WHEEL, METADATA)).isEqualTo("accepted");
        assertThat(METADATA.requiresPython()).isEqualTo(">=3.8");
        Map<String, String> sdist = form();
        sdist.put("filetype", "sdist");
        assertThat(refusal(sdist, "acme_tools-2.0.0.tar.gz", METADATA)).isEqualTo("accepted");
        Map<String, String> onlyBlake = form();
        onlyBlake.remove("sha256_digest");
        onlyBlake.remove("md5_digest");
        assertThat(refusal(onlyBlake, WHEEL, METADATA)).isEqualTo("accepted");
    }

    @Test
    void eachRuleRefusesOneChangeAwayFromTheControl() {
        for (String digest : new String[]{"sha256_digest", "md5_digest", "blake2_256_digest"}) {
            Map<String, String> f = form();
            f.put(digest, "0" + f.get(digest).substring(1));
            assertThat(refusal(f, WHEEL, METADATA)).as(digest).contains("Digest mismatch").contains(digest);
        }
        Map<String, String> noDigest = form();
        noDigest.remove("sha256_digest");
        noDigest.remove("md5_digest");
        noDigest.remove("blake2_256_digest");
        assertThat(refusal(noDigest, WHEEL, METADATA)).contains("no digest");
        Map<String, String> action = form();
        action.put(":action", "submit");
        assertThat(refusal(action, WHEEL, METADATA)).contains(":action");
        Map<String, String> type = form();
        type.put("filetype", "sdist");
        assertThat(refusal(type, WHEEL, METADATA)).contains("filetype");
        Map<String, String> name = form();
        name.put("name", "acme-tool");
        assertThat(refusal(name, WHEEL, METADATA)).contains("Form name");
        Map<String, String> version = form();
        version.put("version", "2.0.1");
        assertThat(refusal(version, WHEEL, METADATA)).contains("Form version");
        assertThat(refusal(form(), WHEEL, CoreMetadata.parse("Metadata-Version: 2.1\nName: acme-other\nVersion: 2.0.0\n"
                .getBytes(StandardCharsets.UTF_8)).orElseThrow())).contains("Metadata name");
        assertThat(refusal(form(), WHEEL, CoreMetadata.parse("Metadata-Version: 2.1\nName: acme-tools\nVersion: 2.0\n"
                .getBytes(StandardCharsets.UTF_8)).orElseThrow())).contains("Metadata version");
        assertThat(refusal(form(), WHEEL, null)).contains("no readable core metadata");
    }

    @Test
    void filenamesFollowTheWheelAndSdistRules() {
        assertThat(DistFile.parse(WHEEL)).hasValueSatisfying(d -> {
            assertThat(d.project()).isEqualTo("acme-tools");
            assertThat(d.version()).isEqualTo("2.0.0");
            assertThat(d.type()).isEqualTo(DistFile.WHEEL);
        });
        assertThat(DistFile.parse("acme_tools-2.0.0-1-cp312-cp312-manylinux_2_17_x86_64.whl")).isPresent();
        assertThat(DistFile.parse("Acme.Tools-2.0.0.tar.gz")).hasValueSatisfying(d -> assertThat(d.project()).isEqualTo("acme-tools"));
        for (String bad : new String[]{"acme-tools-2.0.0.tar.gz", "acme_tools-2.0.0.zip", "acme_tools-2.0.0-py3-none.whl",
                "../acme_tools-2.0.0.tar.gz", "acme_tools-2.0.0.tar.gz/x", "acme_tools-2.0.0.egg", "acme tools-2.0.0.tar.gz", ""}) {
            assertThat(DistFile.parse(bad)).as(bad).isEmpty();
        }
    }

    @Test
    void metadataWithoutItsRequiredFieldsIsUnreadable() {
        assertThat(CoreMetadata.parse("Name: a\nVersion: 1\n".getBytes(StandardCharsets.UTF_8))).as("no Metadata-Version").isEmpty();
        assertThat(CoreMetadata.parse("Metadata-Version: 2.1\nVersion: 1\n".getBytes(StandardCharsets.UTF_8))).isEmpty();
        assertThat(CoreMetadata.parse("Metadata-Version: 2.1\nName: a\nVersion: 1\n".getBytes(StandardCharsets.UTF_8))).isPresent();
    }

    @Test
    void blake2b256MatchesRfc7693AsPythonsHashlibComputesIt() {
        assertThat(blake(new byte[0])).isEqualTo("0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
        assertThat(blake("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo("bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
        byte[] long768 = new byte[768];
        for (int i = 0; i < long768.length; i++) {
            long768[i] = (byte) (i % 256);
        }
        assertThat(blake(long768)).isEqualTo("b8007121274217790e2923e0ad7027986e5a99d5531ef6ae7d294140fc81615d");
        // Fed in odd pieces: the same digest; one byte changed: another.
        Blake2b256 pieces = new Blake2b256();
        pieces.update(long768, 0, 1);
        pieces.update(long768, 1, 200);
        pieces.update(long768, 201, 567);
        assertThat(HexFormat.of().formatHex(pieces.digest())).isEqualTo(blake(long768));
        long768[700] ^= 1;
        assertThat(blake(long768)).isNotEqualTo("b8007121274217790e2923e0ad7027986e5a99d5531ef6ae7d294140fc81615d");
    }

    private static String blake(byte[] data) {
        Blake2b256 b = new Blake2b256();
        b.update(data, 0, data.length);
        return HexFormat.of().formatHex(b.digest());
    }
}
