/**
 * Team tokens and private projects (README "Team views", docs/decisions/011-team-uploads.md): the token text and
 * its hash ({@link dev.landfall.common.team.TeamToken}), and the read ports of the tables the admin server writes
 * for uploads, tokens, claims and read protection ({@link dev.landfall.common.team.TeamTokenReads},
 * {@link dev.landfall.common.team.PrivateReads}).
 */
@NullMarked
package dev.landfall.common.team;

import org.jspecify.annotations.NullMarked;
