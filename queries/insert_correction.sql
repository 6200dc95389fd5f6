-- insert_correction: one row per correction a steward makes, written into corrections (created_at from the caller, to the microsecond: the order corrections were made in). params: created_at, correction_id, class_key, class_title, field, position, other_title, level, old_value, new_value, old_row, reason, author, status, document_id
INSERT INTO corrections (correction_id, class_key, class_title, field, position, other_title, level, old_value,
                         new_value, old_row, reason, author, created_at, status, document_id)
VALUES ($correction_id, $class_key, $class_title, $field, $position, $other_title, $level, $old_value, $new_value,
        $old_row, $reason, $author, $created_at, $status, $document_id)
