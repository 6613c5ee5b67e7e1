/**
 * Uploads to a team view (README "Team views", docs/decisions/011-team-uploads.md): the legacy upload API twine,
 * {@code uv publish} and poetry speak at {@code /t/<view>/upload/}, its pure checks ({@link
 * dev.landfall.admin.upload.UploadCheck}, {@link dev.landfall.admin.upload.DistFile}), the core-metadata reader, the
 * atomic landing with the dependency-confusion guard, and the operator's claims
 * ({@code /admin/views/<view>/claims}). The only writer of {@code private_file}, {@code private_project},
 * {@code team_view_serial} and {@code project_claim}.
 */
@NullMarked
package dev.landfall.admin.upload;

import org.jspecify.annotations.NullMarked;
