package dev.landfall.index.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Single byte ranges (RFC 9110 §14); anything odd is ignored, beyond-the-end is 416. */
class ByteRangeTest {

    @Test
    void noHeaderIsWhole() {
        assertThat(ByteRange.parse(null, 100)).isEqualTo(new ByteRange.Whole());
    }

    @Test
    void closedRange() {
        assertThat(ByteRange.parse("bytes=0-9", 100)).isEqualTo(new ByteRange.Partial(0, 9));
    }

    @Test
    void openEndedRange() {
        assertThat(ByteRange.parse("bytes=90-", 100)).isEqualTo(new ByteRange.Partial(90, 99));
    }

    @Test
    void suffixRange() {
        assertThat(ByteRange.parse("bytes=-10", 100)).isEqualTo(new ByteRange.Partial(90, 99));
        assertThat(ByteRange.parse("bytes=-1000", 100)).isEqualTo(new ByteRange.Partial(0, 99));
    }

    @Test
    void lastByteIsSatisfiableFirstByteBeyondIsNot() {
        assertThat(ByteRange.parse("bytes=99-99", 100)).isEqualTo(new ByteRange.Partial(99, 99));
        assertThat(ByteRange.parse("bytes=100-100", 100)).isEqualTo(new ByteRange.Unsatisfiable());
    }

    @Test
    void endBeyondSizeIsClamped() {
        assertThat(ByteRange.parse("bytes=50-999999999999999999999999", 100)).isEqualTo(new ByteRange.Partial(50, 99));
    }

    @Test
    void hugeStartIsUnsatisfiable() {
        assertThat(ByteRange.parse("bytes=99999999999999999999999999-", 100)).isEqualTo(new ByteRange.Unsatisfiable());
    }

    @Test
    void malformedOrMultipleRangesAreIgnored() {
        assertThat(ByteRange.parse("bytes=0-1,5-6", 100)).isEqualTo(new ByteRange.Whole());
        assertThat(ByteRange.parse("bytes=abc", 100)).isEqualTo(new ByteRange.Whole());
        assertThat(ByteRange.parse("items=0-1", 100)).isEqualTo(new ByteRange.Whole());
        assertThat(ByteRange.parse("bytes=9-3", 100)).isEqualTo(new ByteRange.Whole());
        assertThat(ByteRange.parse("bytes=-", 100)).isEqualTo(new ByteRange.Whole());
        assertThat(ByteRange.parse("bytes=-0", 100)).isEqualTo(new ByteRange.Unsatisfiable());
    }
}
