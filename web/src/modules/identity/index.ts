/** Identity screens: signing in, invitations, resets, profile and security, members, access grants. */
export { SignInPage, ForgotPasswordPage, ResetPasswordPage } from './sign-in';
export { InvitationPage } from './invitation';
export { SettingsPage } from './settings';
export { MembersPage } from './members';
export { GrantsPage } from './grants';
