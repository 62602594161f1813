package db

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ouderkring/ouderkring/dialog"
	"github.com/ouderkring/ouderkring/meetups"
)

// Members stores roles and invites. It implements meetups.Members.
type Members struct{ db *DB }

var (
	_ meetups.Members = (*Members)(nil)
	_ dialog.Inviter  = (*Members)(nil)
)

// Members returns the role store backed by d.
func (d *DB) Members() *Members { return &Members{db: d} }

func hashCode(code string) string {
	h := sha256.Sum256([]byte(code))
	return hex.EncodeToString(h[:])
}

// CreateInvite makes a single-use invite for role in the organisation
// named orgName (created if new; empty for admins), valid for ttl.
func (m *Members) CreateInvite(ctx context.Context, role meetups.Role, orgName string, trusted bool, ttl time.Duration, now time.Time) (meetups.Invite, error) {
	if !role.Valid() {
		return meetups.Invite{}, meetups.Errorf(meetups.EINVALID, "unknown role %q", role)
	}
	if (role == meetups.RoleAdmin) != (orgName == "") {
		return meetups.Invite{}, meetups.Errorf(meetups.EINVALID, "organisers and staff need an organisation; admins have none")
	}
	if ttl < time.Minute || ttl > 90*24*time.Hour {
		return meetups.Invite{}, meetups.Errorf(meetups.EINVALID, "an invite lasts from a minute to 90 days, not %s", ttl)
	}
	if orgName != "" {
		if err := meetups.CheckOrgName(orgName); err != nil {
			return meetups.Invite{}, err
		}
	}
	code, err := meetups.NewInviteCode()
	if err != nil {
		return meetups.Invite{}, fmt.Errorf("db: invite code: %w", err)
	}
	var orgID *int64
	if orgName != "" {
		id, err := m.db.Catalogue().EnsureOrganisation(ctx, orgName)
		if err != nil {
			return meetups.Invite{}, err
		}
		orgID = &id
	}
	inv := meetups.Invite{Code: code, Role: role, OrgName: orgName, Trusted: trusted, ExpiresAt: now.Add(ttl)}
	_, err = m.db.pool.Exec(ctx, `insert into invites (code_hash, role, org_id, trusted, expires_at) values ($1, $2, $3, $4, $5)`,
		hashCode(code), string(role), orgID, trusted, inv.ExpiresAt)
	if err != nil {
		return meetups.Invite{}, fmt.Errorf("db: create invite: %w", interpretError(err))
	}
	return inv, nil
}

// RedeemInvite gives the chat the invite's role, once: the invite is
// marked used in the same transaction, so two chats opening the same link
// at once cannot both succeed.
func (m *Members) RedeemInvite(ctx context.Context, code string, chatID int64, now time.Time) (meetups.Membership, error) {
	var ms meetups.Membership
	err := pgx.BeginFunc(ctx, m.db.pool, func(tx pgx.Tx) error {
		var (
			role      string
			orgID     *int64
			trusted   bool
			expiresAt time.Time
			usedAt    *time.Time
			usedBy    *int64
		)
		err := tx.QueryRow(ctx, `select role, org_id, trusted, expires_at, used_at, used_by from invites where code_hash = $1 for update`,
			hashCode(code)).Scan(&role, &orgID, &trusted, &expiresAt, &usedAt, &usedBy)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			return meetups.Errorf(meetups.ENOTFOUND, "no such invite")
		case err != nil:
			return err
		case usedAt != nil && usedBy != nil && *usedBy == chatID:
			// Redeemed by this chat already (the same update run again):
			// still theirs, and the membership below is already there.
		case usedAt != nil:
			return meetups.Errorf(meetups.EUSED, "invite already used")
		case !now.Before(expiresAt):
			return meetups.Errorf(meetups.EEXPIRED, "invite expired")
		}
		if _, err := tx.Exec(ctx, `update invites set used_at = coalesce(used_at, $2), used_by = $3 where code_hash = $1`, hashCode(code), now, chatID); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `insert into members (chat_id, role, org_id, trusted) values ($1, $2, $3, $4)
			on conflict (chat_id, role, coalesce(org_id, 0)) do update set trusted = members.trusted or excluded.trusted`,
			chatID, role, orgID, trusted); err != nil {
			return err
		}
		ms = meetups.Membership{ChatID: chatID, Role: meetups.Role(role), Trusted: trusted}
		if orgID != nil {
			ms.OrgID = *orgID
			return tx.QueryRow(ctx, `select name from organisations where id = $1`, *orgID).Scan(&ms.OrgName)
		}
		return nil
	})
	if meetups.ErrorCode(err) != "" {
		return ms, err
	}
	if err != nil {
		return ms, fmt.Errorf("db: redeem invite: %w", interpretError(err))
	}
	return ms, nil
}

// Memberships lists the chat's roles.
func (m *Members) Memberships(ctx context.Context, chatID int64) ([]meetups.Membership, error) {
	rows, err := m.db.pool.Query(ctx, `select m.chat_id, m.role, coalesce(m.org_id, 0), coalesce(o.name, ''), m.trusted
		from members m left join organisations o on o.id = m.org_id where m.chat_id = $1 order by m.role, o.name`, chatID)
	if err != nil {
		return nil, fmt.Errorf("db: memberships: %w", interpretError(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (meetups.Membership, error) {
		var (
			ms   meetups.Membership
			role string
		)
		err := r.Scan(&ms.ChatID, &role, &ms.OrgID, &ms.OrgName, &ms.Trusted)
		ms.Role = meetups.Role(role)
		return ms, err
	})
	if err != nil {
		return nil, fmt.Errorf("db: memberships: %w", interpretError(err))
	}
	return out, nil
}

// EnsureAdmins makes the chats admins (ADMIN_TELEGRAM_IDS at start).
func (m *Members) EnsureAdmins(ctx context.Context, chatIDs []int64) error {
	for _, id := range chatIDs {
		if _, err := m.db.pool.Exec(ctx, `insert into members (chat_id, role) values ($1, 'admin')
			on conflict (chat_id, role, coalesce(org_id, 0)) do nothing`, id); err != nil {
			return fmt.Errorf("db: ensure admin: %w", interpretError(err))
		}
	}
	return nil
}

// Admins lists every admin's chat, for moderation messages.
func (m *Members) Admins(ctx context.Context) ([]int64, error) {
	rows, err := m.db.pool.Query(ctx, `select chat_id from members where role = 'admin' order by chat_id`)
	if err != nil {
		return nil, fmt.Errorf("db: admins: %w", interpretError(err))
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return nil, fmt.Errorf("db: admins: %w", interpretError(err))
	}
	return ids, nil
}

// RecentOrganisations lists at most limit organisations for an admin to
// pick from when making an invite: the most recently created or invited
// for first. Organisations of the generated sample catalogue are left out.
func (m *Members) RecentOrganisations(ctx context.Context, limit int) ([]dialog.Organisation, error) {
	rows, err := m.db.pool.Query(ctx, `select o.id, o.name from organisations o
		where not exists (select 1 from meetups s where s.org_id = o.id and s.sample)
		order by greatest(o.created_at, (select max(i.created_at) from invites i where i.org_id = o.id)) desc, o.id desc
		limit $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("db: recent organisations: %w", interpretError(err))
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (dialog.Organisation, error) {
		var o dialog.Organisation
		err := r.Scan(&o.ID, &o.Name)
		return o, err
	})
	if err != nil {
		return nil, fmt.Errorf("db: recent organisations: %w", interpretError(err))
	}
	return out, nil
}

// CountInvites is how many invites are stored, used or not: for the
// operator, and for tests that check a refused request wrote nothing.
func (m *Members) CountInvites(ctx context.Context) (int, error) {
	var n int
	if err := m.db.pool.QueryRow(ctx, `select count(*) from invites`).Scan(&n); err != nil {
		return 0, fmt.Errorf("db: count invites: %w", interpretError(err))
	}
	return n, nil
}
