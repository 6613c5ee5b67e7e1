package dev.landfall.common.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProjectNameTest {

    /** PEP 503's examples and the separator rules (runs of -_. collapse to one '-', lowercase). */
    @ParameterizedTest
    @CsvSource({
            "friendly-bard, friendly-bard",
            "Friendly-Bard, friendly-bard",
            "FRIENDLY-BARD, friendly-bard",
            "friendly.bard, friendly-bard",
            "friendly_bard, friendly-bard",
            "friendly--bard, friendly-bard",
            "FrIeNdLy-._.-bArD, friendly-bard",
            "Django, django",
            "zope.interface, zope-interface",
            "a, a",
            "A1, a1",
            "1, 1",
            "ruamel.yaml.clib, ruamel-yaml-clib",
    })
    void normalizesLikePep503(String raw, String normalized) {
        assertThat(ProjectName.of(raw).value()).isEqualTo(normalized);
        assertThat(ProjectName.normalize(raw)).isEqualTo(normalized);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "a\\b", "../etc", "a\u0000b", "a\nb", "a\tb", "-leading", "trailing-", ".hidden",
            "has space", "ü", "a%2fb", "a:b", "a?b"})
    void rejectsNamesThatAreNotValidProjectNames(String raw) {
        assertThatThrownBy(() -> ProjectName.of(raw)).isInstanceOf(InvalidProjectNameException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a\\b"})
    void saysWhenANameContainsAPathSeparator(String raw) {
        assertThatThrownBy(() -> ProjectName.of(raw)).hasMessageContaining("path separator");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u001fb", "a\u007fb"})
    void saysWhenANameContainsAControlCharacterAndDoesNotEchoIt(String raw) {
        assertThatThrownBy(() -> ProjectName.of(raw)).hasMessageContaining("control character")
                .message().doesNotContainPattern("\\p{Cntrl}");
    }

    @Test
    void acceptsTwoHundredCharactersButNotMore() {
        assertThat(ProjectName.of("a".repeat(200)).value()).hasSize(200);
        assertThatThrownBy(() -> ProjectName.of("a".repeat(201))).isInstanceOf(InvalidProjectNameException.class)
                .hasMessageContaining("longer than 200");
    }

    @Test
    void theConstructorTakesOnlyNormalizedNames() {
        assertThat(new ProjectName("foo-bar").value()).isEqualTo("foo-bar");
        assertThatThrownBy(() -> new ProjectName("Foo_Bar")).isInstanceOf(InvalidProjectNameException.class);
        assertThatThrownBy(() -> new ProjectName("foo--bar")).isInstanceOf(InvalidProjectNameException.class);
    }

    @Test
    void ordersByNormalizedValue() {
        assertThat(ProjectName.of("B")).isGreaterThan(ProjectName.of("a"));
        assertThat(ProjectName.of("Foo.Bar")).isEqualTo(ProjectName.of("foo_bar"));
    }

    @Property(tries = 1000)
    void normalizeIsIdempotent(@ForAll("validNames") String raw) {
        String once = ProjectName.normalize(raw);
        assertThat(ProjectName.normalize(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void aNormalizedValidNameIsNormalized(@ForAll("validNames") String raw) {
        assertThat(ProjectName.isNormalized(ProjectName.normalize(raw))).isTrue();
        assertThat(ProjectName.of(raw).value()).isEqualTo(ProjectName.normalize(raw));
    }

    @Property(tries = 1000)
    void namesDifferingOnlyInCaseAndSeparatorsAreOneProject(@ForAll("validNames") String raw) {
        String variant = raw.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '-');
        assertThat(ProjectName.of(variant)).isEqualTo(ProjectName.of(raw));
    }

    /** PEP 508 names: alphanumeric at both ends, letters, digits and -_. in between, at most 200 characters. */
    @Provide
    Arbitrary<String> validNames() {
        Arbitrary<Character> alnum = Arbitraries.chars().range('a', 'z').range('A', 'Z').range('0', '9');
        Arbitrary<String> middle = Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z')
                .withCharRange('0', '9').withChars('-', '_', '.').ofMaxLength(198);
        Arbitrary<String> longer = Combinators.combine(alnum, middle, alnum).as((a, m, b) -> a + m + b);
        return Arbitraries.oneOf(alnum.map(String::valueOf), longer);
    }
}
