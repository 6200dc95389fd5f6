-- insert_substitutions: one row per substitution in the registered frame incoming_substitutions, written into substitutions. params: none
INSERT INTO substitutions BY NAME
SELECT *
FROM incoming_substitutions
