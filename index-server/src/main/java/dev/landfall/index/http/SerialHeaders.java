package dev.landfall.index.http;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.jspecify.annotations.Nullable;

/**
 * The serial headers of the snapshot being answered from ({@code X-Landfall-Snapshot}, and for the root index
 * {@code X-PyPI-Last-Serial}), rendered once per snapshot instead of once per answer.
 */
final class SerialHeaders {

    private volatile @Nullable Rendered rendered;

    /** One snapshot's serial rendered as the two headers that carry it (the root index sends both). */
    private record Rendered(long serial, HttpField landfallSnapshot, HttpField lastSerial) {
    }

    /** {@code X-Landfall-Snapshot: W}. */
    HttpField landfallSnapshot(long serial) {
        return rendered(serial).landfallSnapshot();
    }

    /** {@code X-PyPI-Last-Serial: W}, what the root index of snapshot W answers. */
    HttpField lastSerial(long serial) {
        return rendered(serial).lastSerial();
    }

    private Rendered rendered(long serial) {
        Rendered fields = rendered;
        if (fields == null || fields.serial() != serial) {
            String value = Long.toString(serial);
            fields = new Rendered(serial, new PreEncodedHttpField("X-Landfall-Snapshot", value),
                    new PreEncodedHttpField("X-PyPI-Last-Serial", value));
            rendered = fields;
        }
        return fields;
    }
}
