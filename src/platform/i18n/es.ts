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
  'error.pack_not_found': 'No existe esa versión del paquete de contenido.',
  'error.pack_invalid': 'El paquete de contenido no es válido: {detail}',
  'error.pack_version_exists':
    'La versión {version} de este paquete ya existe y no puede cambiar. Asigne un nuevo número de versión al nuevo contenido.',
  'error.assessment_not_found': 'No existe esa evaluación.',
  'error.assessment_finalised':
    'Esta evaluación está finalizada y ya no puede cambiar. Inicie una nueva para registrar avances.',
  'error.control_not_found': 'El paquete de esta evaluación no tiene el control {control}.',
  'error.domain_not_found': 'El paquete de esta evaluación no tiene el ámbito {domain}.',
  'error.answer_changed':
    'Otra persona guardó {control} mientras usted editaba. Su cambio no se guardó: revise su respuesta y vuelva a guardar.',
  'error.answer_score_required':
    'Indique una puntuación de 0 a 4 para una respuesta puntuada o compensatoria, y ninguna para N/A.',
  'error.compensating_max_3': 'Una medida compensatoria puntúa como máximo 3.',
  'error.justification_required':
    'Explique el motivo: las respuestas N/A y compensatorias necesitan una justificación.',
  'error.assignee_not_member': 'Solo se puede asignar a un miembro activo de la organización.',
  'error.gap_not_found': '{control} no es una brecha en esta evaluación.',
  'error.evidence_not_found': 'No existe ese archivo de evidencia.',
  'error.file_empty': 'El archivo está vacío.',
  'error.file_expected':
    'Envíe el contenido del archivo como cuerpo de la solicitud, con su nombre en ?filename=.',
  'error.item_not_found': 'No existe ese elemento de la hoja de ruta.',
  'error.item_changed':
    'Otra persona modificó este elemento mientras tanto. Recárguelo y vuelva a hacer su cambio.',
  'error.status_not_allowed': 'Un elemento no puede pasar de {from} a {to}.',
  'error.reason_required': 'Indique el motivo del rechazo.',
  'error.owner_not_member': 'El responsable debe ser un miembro activo de la organización.',
  'error.unit_not_found': 'No existe esa unidad en esta organización.',
  'error.milestone_not_found': 'Este elemento no tiene ese hito.',
  'error.date_in_future': 'La fecha no puede ser futura.',
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
