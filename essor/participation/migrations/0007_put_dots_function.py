"""The dot vote in one round trip on PostgreSQL: ``essor_put_dots`` (services.put_dots).

A dot is the most frequent request of a workshop; from Python it took a
transaction of five round trips (BEGIN, the participant's lock, a read, a write,
COMMIT), whose client CPU was most of a vote's cost (bench/profile_vote.py). The
function does the same steps in the same order inside the server: it locks the
participant's row, then reads the workshop in a statement of its own (PL/pgSQL
takes a new snapshot per statement under READ COMMITTED, so a vote that waited
behind ``close_vote`` sees the vote closed), checks the idea, the quota and the
phone's sequence number, writes, and returns an outcome the caller turns into a
French message. SQLite (development, the SQLite suite) runs the Python version
of the same steps; both are tested by the same tests.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION essor_put_dots(
    p_participant bigint, p_workshop bigint, p_idea bigint, p_dots integer, p_seq bigint
) RETURNS TABLE (outcome text, current integer, used integer, quota integer)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    v_seqs jsonb;
    v_status text;
    v_mode text;
    v_idea_workshop bigint;
    v_withdrawn boolean;
    v_vote bigint;
BEGIN
    current := 0; used := 0; quota := 0;
    SELECT p.vote_seqs INTO v_seqs FROM participation_participant p
     WHERE p.id = p_participant FOR UPDATE;
    IF NOT FOUND THEN
        outcome := 'gone'; RETURN NEXT; RETURN;
    END IF;
    -- A statement of its own, after the lock: a close that made us wait is seen.
    SELECT w.vote_status, w.vote_mode, w.dots_per_participant, c.workshop_id, c.is_withdrawn
      INTO v_status, v_mode, quota, v_idea_workshop, v_withdrawn
      FROM workshops_workshop w
      LEFT JOIN contributions_contribution c ON c.id = p_idea
     WHERE w.id = p_workshop;
    IF v_status IS DISTINCT FROM 'open' THEN
        outcome := CASE WHEN v_status = 'closed' THEN 'closed' ELSE 'not_started' END;
        RETURN NEXT; RETURN;
    END IF;
    IF v_idea_workshop IS DISTINCT FROM p_workshop THEN
        outcome := 'workshop'; RETURN NEXT; RETURN;
    END IF;
    IF v_withdrawn THEN
        outcome := 'withdrawn'; RETURN NEXT; RETURN;
    END IF;
    IF v_mode <> 'dots' THEN
        outcome := 'mode'; RETURN NEXT; RETURN;
    END IF;
    IF p_dots < 0 THEN
        outcome := 'negative'; RETURN NEXT; RETURN;
    END IF;
    SELECT COALESCE(SUM(v.points), 0) INTO used
      FROM participation_vote v JOIN contributions_contribution k ON k.id = v.contribution_id
     WHERE v.participant_id = p_participant AND NOT k.is_withdrawn;
    SELECT v.id, v.points INTO v_vote, current FROM participation_vote v
     WHERE v.participant_id = p_participant AND v.contribution_id = p_idea;
    current := COALESCE(current, 0);
    IF p_seq IS NOT NULL AND (v_seqs ->> p_idea::text)::bigint >= p_seq THEN
        outcome := 'stale'; RETURN NEXT; RETURN;
    END IF;
    IF p_dots > quota - (used - current) THEN
        outcome := 'too_many'; RETURN NEXT; RETURN;
    END IF;
    IF p_dots = 0 THEN
        DELETE FROM participation_vote WHERE id = v_vote;
    ELSIF v_vote IS NULL THEN
        INSERT INTO participation_vote (contribution_id, participant_id, points, updated_at)
        VALUES (p_idea, p_participant, p_dots, now());
    ELSIF current <> p_dots THEN
        UPDATE participation_vote SET points = p_dots, updated_at = now() WHERE id = v_vote;
    END IF;
    IF p_seq IS NOT NULL THEN
        UPDATE participation_participant
           SET vote_seqs = jsonb_set(vote_seqs, ARRAY[p_idea::text], to_jsonb(p_seq))
         WHERE id = p_participant;
    END IF;
    outcome := 'ok'; RETURN NEXT; RETURN;
END;
$$;
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FUNCTION)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "DROP FUNCTION IF EXISTS essor_put_dots(bigint, bigint, bigint, integer, bigint)"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("participation", "0006_participant_retry_keys"),
        ("workshops", "0001_initial"),
        ("contributions", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_function, drop_function)]
