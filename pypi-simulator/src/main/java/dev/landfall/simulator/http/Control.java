package dev.landfall.simulator.http;

import dev.landfall.simulator.Faults;
import java.time.Duration;

/** What the {@code /_sim/} endpoints may do to the simulator (implemented by the simulator itself). */
public interface Control {

    long lastSerial();

    int existingProjects();

    long advance(int n);

    void setChurnPerSecond(double perSecond);

    double churnPerSecond();

    Faults faults();

    void setFaults(Faults faults);

    void forceProjectStatus(String project, int status, Duration duration);

    /** Oracle JSON at {@code serial}; throws IllegalArgumentException for a serial out of range. */
    byte[] oracleJson(long serial);

    byte[] coupledJson(long serial);
}
