package dev.landfall.poller.upstream;

import java.util.List;
import java.util.Map;

/**
 * Port: PyPI's three XML-RPC mirroring methods (docs/architecture.md#xml-rpc-changelog). Adapter: {@link XmlRpcPypiChangelog}
 * (PyPI or the simulator, just another URL).
 *
 * <p>Every method throws {@link MalformedXmlRpcException}, {@link XmlRpcFaultException},
 * {@link UpstreamHttpException} or {@link UpstreamUnavailableException} when no usable answer came.
 */
public interface PypiChangelog {

    /** {@code changelog_last_serial()}: the newest journal serial. */
    long lastSerial();

    /** {@code list_packages_with_serial()}: display name → that project's last serial. */
    Map<String, Long> listPackagesWithSerial();

    /** {@code changelog_since_serial(since)}: rows with serial > since, ascending, at most the upstream cap. */
    List<UpstreamJournalRow> changelogSinceSerial(long since);
}
