package dev.landfall.simulator.oracle;

import dev.landfall.simulator.CoupledRelease;
import dev.landfall.simulator.OracleState.OracleFile;
import dev.landfall.simulator.OracleState.OracleProject;
import dev.landfall.simulator.OracleState;
import dev.landfall.simulator.model.Project;
import dev.landfall.simulator.model.ProjectVersion;
import dev.landfall.simulator.model.Release;
import dev.landfall.simulator.model.SimFile;
import dev.landfall.simulator.model.World;
import dev.landfall.simulator.wheel.ContentStore;
import dev.landfall.simulator.wheel.Digests;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

/** Reconstructs the state at any serial W from the projects' version histories. */
public final class Oracle {

    private final World world;
    private final ContentStore content;
    private final JsonMapper json;
    /** Oracle view of each file as it is when its release is not yanked (files never change; only yanks do). */
    private final Map<String, OracleFile> files = new ConcurrentHashMap<>();

    public Oracle(World world, ContentStore content, JsonMapper json) {
        this.world = world;
        this.content = content;
        this.json = json;
    }

    public OracleState at(long serial) {
        if (serial < 0 || serial > world.lastSerial()) {
            throw new IllegalArgumentException("serial " + serial + " is not within [0, " + world.lastSerial() + "]");
        }
        Map<String, OracleProject> projects = new HashMap<>();
        for (Project p : world.projects()) {
            ProjectVersion v = p.versionAt(serial);
            if (v == null || !v.state().exists()) {
                continue;
            }
            List<OracleFile> files = new ArrayList<>();
            for (Release r : v.state().releases()) {
                for (SimFile f : r.files()) {
                    OracleFile base = this.files.computeIfAbsent(f.filename(), k -> {
                        Digests d = content.digests(f);
                        return new OracleFile(f.filename(), f.version(), d.urlPath(f.filename()), d.sha256(),
                                d.size(), false, null, f.requiresPython(), d.metadataSha256(), f.uploadTimeIso());
                    });
                    files.add(!r.yanked() ? base : new OracleFile(base.filename(), base.version(), base.url(),
                            base.sha256(), base.size(), true, r.yankedReason(), base.requiresPython(),
                            base.coreMetadataSha256(), base.uploadTime()));
                }
            }
            projects.put(p.name(), new OracleProject(v.serial(), "active", files));
        }
        return new OracleState(serial, projects);
    }

    /** {@code {"serial":W,"projects":{...}}} as documented in the team brief. */
    public byte[] json(OracleState state) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberProperty("serial", state.serial());
            g.writeName("projects");
            g.writeStartObject();
            for (Map.Entry<String, OracleProject> e : state.projects().entrySet()) {
                OracleProject p = e.getValue();
                g.writeName(e.getKey());
                g.writeStartObject();
                g.writeNumberProperty("serial", p.serial());
                g.writeStringProperty("status", p.status());
                g.writeName("files");
                g.writeStartArray();
                for (OracleFile f : p.files()) {
                    g.writeStartObject();
                    g.writeStringProperty("filename", f.filename());
                    g.writeStringProperty("version", f.version());
                    g.writeStringProperty("url", f.url());
                    g.writeStringProperty("sha256", f.sha256());
                    g.writeNumberProperty("size", f.size());
                    g.writeName("yanked");
                    Object y = f.yankedValue();
                    if (y instanceof Boolean b) {
                        g.writeBoolean(b);
                    } else {
                        g.writeString((String) y);
                    }
                    g.writeStringProperty("requires-python", f.requiresPython());
                    g.writeStringProperty("core-metadata-sha256", f.coreMetadataSha256());
                    g.writeStringProperty("upload-time", f.uploadTime());
                    g.writeEndObject();
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    /** {@code [{"project","version","requires","requiresVersion","serial"}...]}. */
    public byte[] coupledJson(List<CoupledRelease> coupled) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartArray();
            for (CoupledRelease c : coupled) {
                g.writeStartObject();
                g.writeStringProperty("project", c.project());
                g.writeStringProperty("version", c.version());
                g.writeStringProperty("requires", c.requires());
                g.writeStringProperty("requiresVersion", c.requiresVersion());
                g.writeNumberProperty("serial", c.serial());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        return out.toByteArray();
    }
}
