import type { CollectionConfig } from 'payload'

import { adminFieldOnly, adminOnly, adminOrSelf, isSessionUser, ROLES } from '@/access'

import { makeFirstUserAdmin } from './hooks/makeFirstUserAdmin'

export const Users: CollectionConfig = {
  slug: 'users',
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'roles', 'sites'],
  },
  auth: { useAPIKey: true },
  access: {
    admin: ({ req: { user } }) => isSessionUser(user),
    read: adminOrSelf,
    create: adminOnly,
    update: adminOrSelf,
    delete: adminOnly,
    // Unlocking resets failed logins: open to all it would undo the lockout and tell which
    // e-mails exist. Admins with a session only.
    unlock: adminOnly,
  },
  hooks: {
    beforeChange: [makeFirstUserAdmin],
  },
  fields: [
    { name: 'name', type: 'text' },
    {
      name: 'roles',
      type: 'select',
      hasMany: true,
      required: true,
      saveToJWT: true,
      defaultValue: ['editor'],
      options: ROLES.map((role) => ({ label: role[0].toUpperCase() + role.slice(1), value: role })),
      access: { create: adminFieldOnly, update: adminFieldOnly },
      admin: { description: 'Admins can do everything; editors work on their sites only.' },
    },
    {
      name: 'sites',
      type: 'relationship',
      relationTo: 'sites',
      hasMany: true,
      saveToJWT: true,
      access: { create: adminFieldOnly, update: adminFieldOnly },
      admin: { description: 'The sites this editor may work on.' },
    },
  ],
}
