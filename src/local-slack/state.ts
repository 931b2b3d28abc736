/** A person of the workspace. */
export interface WorkspaceUser {
  id: string;
  /** The handle people type after `@`. */
  name: string;
  realName: string;
  tz: string;
  isBot?: boolean;
}

/** A user group people mention with `@handle`. */
export interface UserGroup {
  id: string;
  /** The handle people type after `@`, without it. */
  handle: string;
  name: string;
}

export interface WorkspaceChannel {
  id: string;
  name: string;
  isPrivate: boolean;
  isIm: boolean;
  members: Set<string>;
  pins: Set<string>;
  archived: boolean;
}

/** A message as people in the channel would see it; `text` is in Slack's wire format. */
export interface ChannelMessage {
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  edited?: boolean;
  deleted?: boolean;
  /** Set for messages the bot posted. */
  bot?: boolean;
  /** Reactions by name (`pushpin`), each with the people who reacted, in order. */
  reactions?: Record<string, string[]>;
}

export interface UploadedFile {
  id: string;
  filename: string;
  title?: string;
  content: Buffer;
  channel?: string;
  initialComment?: string;
}

/** A platform error: the Web API answers `ok: false` with this code (and any extra fields). */
export class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

export const DEFAULT_USERS: readonly WorkspaceUser[] = [
  { id: 'U0ALICE', name: 'alice', realName: 'Alice Martin', tz: 'Europe/Paris' },
  { id: 'U0BOB', name: 'bob', realName: 'Bob Keller', tz: 'America/Los_Angeles' },
  { id: 'U0CAROL', name: 'carol', realName: 'Carol Rossi', tz: 'Europe/Rome' },
  { id: 'U0DAVE', name: 'dave', realName: 'Dave Schmidt', tz: 'Europe/Berlin' },
  { id: 'U0MANAGER', name: 'maria', realName: 'Maria Manager', tz: 'America/New_York' },
];

export const DEFAULT_USER_GROUPS: readonly UserGroup[] = [
  { id: 'S0ONCALL', handle: 'oncall', name: 'On-call engineers' },
  { id: 'S0SRE', handle: 'sre', name: 'Site reliability' },
];

/** Users, channels, messages, pins, views and files of one workspace, with the lookups Slack does. */
export class WorkspaceState {
  readonly users = new Map<string, WorkspaceUser>();
  readonly userGroups = new Map<string, UserGroup>();
  readonly channels = new Map<string, WorkspaceChannel>();
  readonly messages: ChannelMessage[] = [];
  readonly views = new Map<string, Record<string, unknown>>();
  readonly homeViews = new Map<string, Record<string, unknown>>();
  readonly files = new Map<string, UploadedFile>();
  /** Messages by channel and ts: updates and pins find theirs at once, however long the history. */
  private readonly messagesByTs = new Map<string, ChannelMessage>();
  private sequence = 0;
  private lastTs = 0;

  constructor(
    readonly teamId: string,
    readonly botUserId: string,
    users: readonly WorkspaceUser[],
    userGroups: readonly UserGroup[],
  ) {
    for (const user of users) this.users.set(user.id, user);
    this.users.set(botUserId, { id: botUserId, name: 'incident-timeline', realName: 'Incident Timeline', tz: 'UTC', isBot: true });
    for (const group of userGroups) this.userGroups.set(group.id, group);
  }

  /** A fresh id with Slack's prefix for its kind (`C`, `D`, `V`, `F`, `R`). */
  nextId(prefix: string): string {
    this.sequence += 1;
    return `${prefix}${String(this.sequence).padStart(8, '0')}`;
  }

  /** A message timestamp: unique and increasing, as Slack's are within a channel. */
  nextTs(): string {
    // Microseconds keep messages posted within the same millisecond apart.
    const now = Date.now() * 1000;
    this.lastTs = Math.max(now, this.lastTs + 1);
    return `${Math.floor(this.lastTs / 1e6)}.${String(this.lastTs % 1e6).padStart(6, '0')}`;
  }

  addChannel(name: string, members: string[] = [], id?: string): WorkspaceChannel {
    const channel: WorkspaceChannel = {
      id: id ?? this.nextId('C'),
      name,
      isPrivate: false,
      isIm: false,
      members: new Set(members),
      pins: new Set(),
      archived: false,
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  /** The bot's direct message with these people, opened on first use. */
  openIm(users: string[]): WorkspaceChannel {
    const name = `dm-${[...users].sort().join('-')}`;
    const existing = [...this.channels.values()].find((c) => c.isIm && c.name === name);
    if (existing) return existing;
    const channel = this.addChannel(name, [...users, this.botUserId], this.nextId('D'));
    channel.isIm = true;
    return channel;
  }

  store(message: ChannelMessage): ChannelMessage {
    this.messages.push(message);
    this.messagesByTs.set(`${message.channel} ${message.ts}`, message);
    return message;
  }

  message(channel: unknown, ts: unknown): ChannelMessage | undefined {
    return this.messagesByTs.get(`${String(channel)} ${String(ts)}`);
  }

  /** Messages of a channel in the order people see them (deleted ones left out). */
  channelMessages(channel: string): ChannelMessage[] {
    return this.messages.filter((message) => message.channel === channel && !message.deleted);
  }

  channel(id: unknown): WorkspaceChannel {
    const channel = this.channels.get(String(id ?? ''));
    if (!channel) throw new SlackError('channel_not_found');
    return channel;
  }

  user(id: unknown): WorkspaceUser {
    const user = this.users.get(String(id ?? ''));
    if (!user) throw new SlackError('user_not_found');
    return user;
  }

  /** The conversation a bot may post to: a member channel, a DM it opened, or a user id (its DM with them). */
  postableChannel(id: unknown): WorkspaceChannel {
    const raw = String(id ?? '');
    const channel = this.users.has(raw) ? this.openIm([raw]) : this.channel(raw);
    if (channel.isIm && !channel.members.has(this.botUserId)) throw new SlackError('channel_not_found');
    if (channel.archived) throw new SlackError('is_archived');
    if (!channel.members.has(this.botUserId)) throw new SlackError('not_in_channel');
    return channel;
  }

  userNamed(name: string): WorkspaceUser | undefined {
    const wanted = name.toLowerCase();
    return [...this.users.values()].find((user) => user.name.toLowerCase() === wanted);
  }

  channelNamed(name: string): WorkspaceChannel | undefined {
    const wanted = name.toLowerCase();
    return [...this.channels.values()].find((channel) => !channel.isIm && channel.name === wanted);
  }

  userGroupWithHandle(handle: string): UserGroup | undefined {
    const wanted = handle.toLowerCase();
    return [...this.userGroups.values()].find((group) => group.handle.toLowerCase() === wanted);
  }

  channelInfo(channel: WorkspaceChannel): Record<string, unknown> {
    return {
      id: channel.id,
      name: channel.name,
      is_channel: !channel.isPrivate && !channel.isIm,
      is_group: channel.isPrivate,
      is_im: channel.isIm,
      is_private: channel.isPrivate,
      is_archived: channel.archived,
      is_member: channel.members.has(this.botUserId),
      num_members: channel.members.size,
      created: Math.floor(Date.now() / 1000),
    };
  }

  userInfo(user: WorkspaceUser): Record<string, unknown> {
    return {
      id: user.id,
      team_id: this.teamId,
      name: user.name,
      real_name: user.realName,
      tz: user.tz,
      is_bot: user.isBot ?? false,
      deleted: false,
      profile: { real_name: user.realName, display_name: user.name },
    };
  }
}
