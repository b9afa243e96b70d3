import type { MessageKey } from './en.js';

/** Server-side messages in Spanish. */
export const es: Record<MessageKey, string> = {
  'error.invalid_input': 'La solicitud no es válida: {detail}',
  'error.malformed_json': 'El cuerpo de la solicitud no es JSON válido.',
  'error.body_too_large': 'La solicitud es demasiado grande.',
  'error.unsupported_media_type':
    'Envíe el cuerpo de la solicitud como JSON (Content-Type: application/json).',
  'error.route_not_found': 'No hay nada en esta dirección.',
  'error.method_not_allowed': 'Esta dirección no acepta ese método.',
  'error.unauthenticated': 'Inicie sesión para continuar.',
  'error.session_expired': 'Su sesión ha terminado. Inicie sesión de nuevo.',
  'error.csrf_failed': 'La página está desactualizada. Recárguela e inténtelo de nuevo.',
  'error.invalid_credentials': 'El correo electrónico o la contraseña no son correctos.',
  'error.login_locked':
    'Demasiados intentos fallidos. Inténtelo de nuevo en {minutes} minutos o restablezca su contraseña.',
  'error.too_many_attempts':
    'Demasiados intentos desde esta dirección. Espere {minutes} minutos e inténtelo de nuevo.',
  'error.mfa_pending':
    'Introduzca el código de su aplicación de autenticación para terminar de iniciar sesión.',
  'error.mfa_code_invalid':
    'Ese código no es válido. Compruebe la hora de su teléfono e introduzca el código más reciente.',
  'error.mfa_not_enrolled': 'Esta cuenta no tiene ningún autenticador configurado.',
  'error.mfa_already_enabled':
    'Ya hay una aplicación de autenticación configurada. Elimínela primero para configurar otra.',
  'error.mfa_enrolment_required':
    '{org} exige el inicio de sesión en dos pasos. Configure una aplicación de autenticación o una llave de acceso en Seguridad.',
  'error.passkey_failed': 'No se pudo verificar la llave de acceso. Inténtelo de nuevo o use otro método.',
  'error.organisation_not_found': 'Organización no encontrada, o usted no es miembro de ella.',
  'error.role_forbidden': 'Su rol en esta organización no permite esta acción.',
  'error.operator_only': 'Solo el operador del despliegue puede hacer esto.',
  'error.not_found': 'No encontrado.',
  'error.user_not_found': 'No existe ese miembro en esta organización.',
  'error.email_taken': 'Ya existe una cuenta con este correo electrónico.',
  'error.name_taken': 'Ese nombre ya está en uso.',
  'error.already_member': 'Esta persona ya es miembro.',
  'error.invitation_invalid':
    'Este enlace de invitación no es válido o ha caducado. Pida uno nuevo a su administrador.',
  'error.invitation_wrong_password':
    'Este correo ya tiene una cuenta; introduzca su contraseña actual para aceptar.',
  'error.reset_invalid': 'Este enlace de restablecimiento no es válido o ha caducado. Pida uno nuevo.',
  'error.wrong_password': 'Su contraseña actual no es correcta.',
  'error.password_too_short': 'Elija una contraseña de al menos 12 caracteres.',
  'error.password_reused': 'Elija una contraseña distinta de su dirección de correo.',
  'error.last_admin': 'Una organización necesita al menos un administrador activo.',
  'error.grant_target_invalid': 'Solo se puede conceder acceso a una organización de asistencia técnica.',
  'error.token_not_found': 'No existe ese token.',
  'error.session_not_found': 'No existe esa sesión.',
  'error.election_not_found': 'No existe esa elección.',
  'error.phase_outside': 'Las fechas de la fase deben estar en orden.',
  'error.conflict': 'Esto entra en conflicto con datos existentes. Recargue e inténtelo de nuevo.',
  'error.internal':
    'Algo salió mal de nuestro lado. El problema quedó registrado; inténtelo de nuevo en un momento.',
  'error.unavailable':
    'El servicio se está iniciando o su base de datos no responde. Inténtelo de nuevo en breve.',
  'mail.invite.subject': 'Le invitan a unirse a {org} en Atalaya',
  'mail.invite.body':
    'Hola:\n\n{inviter} le invitó a unirse a {org} en Atalaya como {role}.\n\nAcepte la invitación aquí (el enlace es válido durante 7 días):\n{link}\n\nSi no esperaba este mensaje, puede ignorarlo.',
  'mail.reset.subject': 'Restablezca su contraseña de Atalaya',
  'mail.reset.body':
    'Hola:\n\nAlguien pidió restablecer la contraseña de su cuenta de Atalaya. Si fue usted, elija una nueva contraseña aquí (el enlace es válido durante 1 hora):\n{link}\n\nSi no fue usted, ignore este mensaje; su contraseña no cambia.',
  'role.org_admin': 'administrador/a',
  'role.security_lead': 'responsable de seguridad',
  'role.analyst': 'analista',
  'role.trainer': 'formador/a',
  'role.staff': 'personal',
  'role.viewer': 'lector/a',
};
