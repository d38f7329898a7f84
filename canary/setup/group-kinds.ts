/** The NIP-29 event kinds the setup commands write, the doctor reads and the local relay serves. */
export const GroupKind = {
  /** put-user: adds the `p` key to the group. */
  putUser: 9000,
  /** remove-user: takes the `p` key out of the group. */
  removeUser: 9001,
  /** create-group; zooid's fork reads the name and `closed` from JSON content. */
  createGroup: 9007,
  /** Group metadata, signed by the relay (`d` = group id; a bare `closed` tag when members are checked on write). */
  metadata: 39000,
  /** Group admins as `p` tags, signed by the relay. */
  admins: 39001,
  /** Group members as `p` tags, signed by the relay. */
  members: 39002,
} as const;
export type GroupKind = (typeof GroupKind)[keyof typeof GroupKind];
