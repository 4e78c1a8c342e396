-- Roles (issue 12): an issuer can require a person's approval for every request, so that naming the
-- issuer directly cannot bypass the approval a template asks for.
alter table issuer add column approval_required boolean default false not null;
