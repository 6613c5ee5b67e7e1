/**
 * PyPI's XML-RPC mirroring methods (changelog_last_serial, changelog_since_serial, list_packages_with_serial)
 * with a small StAX request parser and Python-marshaller-shaped responses and faults.
 */
@NullMarked
package dev.landfall.simulator.xmlrpc;

import org.jspecify.annotations.NullMarked;
