package dev.landfall.simulator.model;

/** What kind of distribution a simulated file is. */
public enum FileKind {
    /** The {@code py3-none-any} wheel every release has (installable by pip on Python 3.11). */
    PURE_WHEEL,
    /** A wheel with another tag ({@code py2-none-any}, {@code cp39-cp39-win_amd64}, ...) that pip on 3.11 never picks. */
    OTHER_WHEEL,
    /** A {@code .tar.gz} source distribution. */
    SDIST;

    public boolean isWheel() {
        return this != SDIST;
    }
}
