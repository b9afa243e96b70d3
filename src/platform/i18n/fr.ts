import type { MessageKey } from './en.js';

/** Server-side messages in French. */
export const fr: Record<MessageKey, string> = {
  'error.invalid_input': "La requête n'est pas valide : {detail}",
  'error.malformed_json': "Le corps de la requête n'est pas du JSON valide.",
  'error.body_too_large': 'La requête est trop volumineuse.',
  'error.unsupported_media_type': 'Envoyez le corps de la requête en JSON (Content-Type: application/json).',
  'error.route_not_found': "Il n'y a rien à cette adresse.",
  'error.method_not_allowed': "Cette adresse n'accepte pas cette méthode.",
  'error.unauthenticated': 'Connectez-vous pour continuer.',
  'error.session_expired': 'Votre session a pris fin. Connectez-vous de nouveau.',
  'error.csrf_failed': "La page n'est plus à jour. Rechargez-la et réessayez.",
  'error.invalid_credentials': "L'adresse e-mail ou le mot de passe est incorrect.",
  'error.login_locked':
    'Trop de tentatives échouées. Réessayez dans {minutes} minutes ou réinitialisez votre mot de passe.',
  'error.too_many_attempts':
    'Trop de tentatives depuis cette adresse. Attendez {minutes} minutes et réessayez.',
  'error.mfa_pending':
    "Saisissez le code de votre application d'authentification pour terminer la connexion.",
  'error.mfa_code_invalid':
    "Ce code n'est pas valide. Vérifiez l'heure de votre téléphone et saisissez le code le plus récent.",
  'error.mfa_not_enrolled': "Aucun authentificateur n'est configuré pour ce compte.",
  'error.mfa_already_enabled':
    "Une application d'authentification est déjà configurée. Supprimez-la d'abord pour en configurer une autre.",
  'error.mfa_enrolment_required':
    "{org} exige la connexion en deux étapes. Configurez une application d'authentification ou une clé d'accès dans Sécurité.",
  'error.passkey_failed': "La clé d'accès n'a pas pu être vérifiée. Réessayez ou utilisez une autre méthode.",
  'error.organisation_not_found': "Organisation introuvable, ou vous n'en êtes pas membre.",
  'error.role_forbidden': 'Votre rôle dans cette organisation ne le permet pas.',
  'error.operator_only': "Seul l'opérateur du déploiement peut faire cela.",
  'error.not_found': 'Introuvable.',
  'error.user_not_found': "Ce membre n'existe pas dans cette organisation.",
  'error.email_taken': 'Un compte existe déjà avec cette adresse e-mail.',
  'error.name_taken': 'Ce nom est déjà utilisé.',
  'error.already_member': 'Cette personne est déjà membre.',
  'error.invitation_invalid':
    "Ce lien d'invitation n'est pas valide ou a expiré. Demandez-en un nouveau à votre administrateur.",
  'error.invitation_wrong_password':
    'Cette adresse a déjà un compte ; saisissez son mot de passe actuel pour accepter.',
  'error.reset_invalid': "Ce lien de réinitialisation n'est pas valide ou a expiré. Demandez-en un nouveau.",
  'error.wrong_password': "Votre mot de passe actuel n'est pas correct.",
  'error.password_too_short': 'Choisissez un mot de passe d’au moins 12 caractères.',
  'error.password_reused': 'Choisissez un mot de passe différent de votre adresse e-mail.',
  'error.last_admin': 'Une organisation a besoin d’au moins un administrateur actif.',
  'error.grant_target_invalid': "L'accès ne peut être accordé qu'à une organisation d'assistance technique.",
  'error.token_not_found': "Ce jeton n'existe pas.",
  'error.session_not_found': "Cette session n'existe pas.",
  'error.election_not_found': "Cette élection n'existe pas.",
  'error.phase_outside': 'Les dates de la phase doivent être dans l’ordre.',
  'error.pack_not_found': "Cette version du paquet de contenu n'existe pas.",
  'error.pack_invalid': "Le paquet de contenu n'est pas valide : {detail}",
  'error.pack_version_exists':
    'La version {version} de ce paquet existe déjà et ne peut pas changer. Donnez un nouveau numéro de version au nouveau contenu.',
  'error.assessment_not_found': "Cette évaluation n'existe pas.",
  'error.assessment_finalised':
    'Cette évaluation est finalisée et ne peut plus changer. Commencez-en une nouvelle pour enregistrer les progrès.',
  'error.control_not_found': "Le paquet de cette évaluation n'a pas de contrôle {control}.",
  'error.domain_not_found': "Le paquet de cette évaluation n'a pas de domaine {domain}.",
  'error.answer_changed':
    "Quelqu'un d'autre a enregistré {control} pendant votre saisie. Votre modification n'a pas été enregistrée : relisez sa réponse, puis enregistrez à nouveau.",
  'error.answer_score_required':
    'Donnez une note de 0 à 4 pour une réponse notée ou compensatoire, et aucune pour N/A.',
  'error.compensating_max_3': 'Une mesure compensatoire vaut au plus 3.',
  'error.justification_required':
    'Expliquez pourquoi : les réponses N/A et compensatoires exigent une justification.',
  'error.assignee_not_member': "Seul un membre actif de l'organisation peut être désigné.",
  'error.gap_not_found': "{control} n'est pas un écart dans cette évaluation.",
  'error.evidence_not_found': "Ce fichier de preuve n'existe pas.",
  'error.file_empty': 'Le fichier est vide.',
  'error.file_expected':
    'Envoyez le contenu du fichier comme corps de la requête, avec son nom dans ?filename=.',
  'error.item_not_found': "Cet élément de la feuille de route n'existe pas.",
  'error.item_changed':
    "Quelqu'un d'autre a modifié cet élément entre-temps. Rechargez-le, puis refaites votre modification.",
  'error.status_not_allowed': 'Un élément ne peut pas passer de {from} à {to}.',
  'error.reason_required': 'Indiquez le motif du rejet.',
  'error.owner_not_member': "Le responsable doit être un membre actif de l'organisation.",
  'error.unit_not_found': "Cette unité n'existe pas dans l'organisation.",
  'error.milestone_not_found': "Cet élément n'a pas ce jalon.",
  'error.date_in_future': 'La date ne peut pas être dans le futur.',
  'error.conflict': 'Cela entre en conflit avec des données existantes. Rechargez et réessayez.',
  'error.internal': 'Un problème est survenu de notre côté. Il a été consigné ; réessayez dans un instant.',
  'error.unavailable': 'Le service démarre ou sa base de données ne répond pas. Réessayez sous peu.',
  'mail.invite.subject': 'Vous êtes invité·e à rejoindre {org} sur Atalaya',
  'mail.invite.body':
    "Bonjour,\n\n{inviter} vous a invité·e à rejoindre {org} sur Atalaya en tant que {role}.\n\nAcceptez l'invitation ici (le lien est valable 7 jours) :\n{link}\n\nSi vous n'attendiez pas ce message, vous pouvez l'ignorer.",
  'mail.reset.subject': 'Réinitialisez votre mot de passe Atalaya',
  'mail.reset.body':
    "Bonjour,\n\nQuelqu'un a demandé à réinitialiser le mot de passe de votre compte Atalaya. Si c'était vous, choisissez un nouveau mot de passe ici (le lien est valable 1 heure) :\n{link}\n\nSi ce n'était pas vous, ignorez ce message ; votre mot de passe reste le même.",
  'role.org_admin': 'administrateur·rice',
  'role.security_lead': 'responsable sécurité',
  'role.analyst': 'analyste',
  'role.trainer': 'formateur·rice',
  'role.staff': 'personnel',
  'role.viewer': 'lecteur·rice',
};
