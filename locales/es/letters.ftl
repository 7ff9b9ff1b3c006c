## DRAFT Spanish translation of en-GB/letters.ftl (unreviewed, 2026-11-24): a qualified translator must check it.
## Every sentence a patient reads in the 2a, 2b and 2c letters.
## Variables are filled in by the compose stage; dates arrive already written out.

## Dates: { $day } is a number, { $month } the month's name from below ("24 de noviembre de 2026").
date-long = { $day } de { $month } de { $year }
month-1 = enero
month-2 = febrero
month-3 = marzo
month-4 = abril
month-5 = mayo
month-6 = junio
month-7 = julio
month-8 = agosto
month-9 = septiembre
month-10 = octubre
month-11 = noviembre
month-12 = diciembre

## Header and reference block
label-phone = Teléfono
label-email = Correo electrónico
label-date = Fecha
label-nhs-number = Número del NHS
label-reference = Nuestra referencia
salutation = Estimado/a { $name }:
sign-off = Atentamente

## DRAFT (unreviewed, 2026-12-06): a child's letter, to their parent or guardian. A qualified
## translator must check these two messages.
salutation-child = Estimado/a padre, madre o tutor/a de { $child }:
child-about = Esta carta trata de { $child }, que tiene menos de 16 años. Donde dice "usted", se refiere a { $child }.

## Why they are receiving the letter (shared)
practice-closure = { $closed ->
    [yes] { $practice } cerró el { $date }.
   *[no] { $practice } cerrará el { $date }.
}
wrote-before = Ya le escribimos para pedirle que se registrara con otro médico de cabecera (GP).

## 2a: allocated to a receiving practice
title-2a = Su nuevo médico de cabecera (GP)
heading-2a = Le hemos registrado con un nuevo médico de cabecera (GP)
reason-2a = Según nuestros datos, usted no se ha registrado en ningún otro sitio. Para que pueda seguir viendo a un médico, le hemos registrado en el consultorio indicado abajo.
new-practice = Su nuevo consultorio
records-2a = Su historial médico se enviará a su nuevo consultorio. No necesita rellenar ningún formulario de registro. Contacte con el consultorio para pedir cita o consultar sobre su atención.
choice-2a = No tiene que quedarse en este consultorio. Puede registrarse en otro consultorio en cualquier momento, o avisarnos si no desea tener médico de cabecera.

## 2b: not seen or treated for 5 years or more
title-2b = Su registro con el médico de cabecera (GP) ha finalizado
heading-2b = Su registro en { $practice } ha finalizado
reason-2b = Según nuestros datos, hace 5 años o más que no ve a ningún médico ni enfermero del consultorio ni recibe tratamiento allí.
ends-2b = Su registro finalizó cuando cerró el consultorio. Ahora no tiene médico de cabecera y no le hemos registrado con uno nuevo.
register-2b = Si necesita un médico de cabecera, puede registrarse en cualquier momento en un consultorio cerca de su casa.

## 2c: lives outside the area
title-2c = Regístrese con un médico de cabecera (GP) cerca de su casa
heading-2c = Regístrese con un médico de cabecera (GP) cerca de su casa en { $days ->
    [one] { $days } día
   *[other] { $days } días
}
reason-2c = Según nuestros datos, usted vive fuera de { $area }, la zona que atendía el consultorio, por lo que no podemos registrarle aquí.
action-2c = Regístrese con un médico de cabecera cerca de su casa en un plazo de { $days ->
    [one] { $days } día
   *[other] { $days } días
} desde la fecha de esta carta. Después de { $days ->
    [one] { $days } día
   *[other] { $days } días
}, su registro finalizará y no tendrá ningún médico de cabecera.

## Rights, finding a GP, other formats (shared)
rights-heading = Sus derechos según la Constitución del NHS
constitution-choose = Usted tiene derecho a elegir su consultorio de médico de cabecera (GP) y a que este le acepte, salvo que existan motivos razonables para rechazarle, en cuyo caso se le informará de dichos motivos.
constitution-doctor = Usted tiene derecho a expresar su preferencia por un médico concreto de su consultorio de médico de cabecera (GP), y a que el consultorio intente respetarla.
find-gp-heading = Cómo encontrar un médico de cabecera (GP) y registrarse
find-gp = Busque "find a GP" en www.nhs.uk, escanee el código o llame al NHS 111. Puede registrarse por internet o en el consultorio. No necesita justificante de domicilio ni documento de identidad.
other-formats = Si desea esta carta en otro idioma, en letra grande o en otro formato, o tiene alguna pregunta, contacte con nosotros en el { $phone } o en { $email } e indique la referencia de arriba.
qr-alt = Código QR que abre { $url }

## Letters 1 and 2, before the closure: please register with another practice. They also
## use practice-closure, wrote-before (letter 2), rights-heading, constitution-choose,
## find-gp-heading, find-gp and other-formats.
title-1 = Su consultorio de médico de cabecera (GP) va a cerrar
heading-1 = Regístrese con otro médico de cabecera (GP)
reason-1 = Para poder seguir viendo a un médico, regístrese en otro consultorio antes de esa fecha. Puede elegir cualquier consultorio que acepte pacientes de la zona donde vive.
nearby-practices = Estos consultorios cerca de su casa aceptan pacientes nuevos:
title-2 = Recordatorio: su consultorio de médico de cabecera (GP) va a cerrar
heading-2 = Recordatorio: regístrese con otro médico de cabecera (GP)
reason-2 = Según nuestros datos, todavía no se ha registrado en otro consultorio. Regístrese antes de que { $practice } cierre, para poder seguir viendo a un médico.
warning-2 = Si no se registra en otro consultorio y no nos avisa de que no desea tener médico de cabecera, le registraremos en un consultorio cerca de su casa.

## Text messages sent with letters 1 and 2 (no line breaks; keep them short: a text of up to
## 160 plain characters is one message, and many scripts allow only 70).
sms-1 = { $practice } va a cerrar el { $date }. Le pedimos que se registre con otro médico de cabecera: busque "find a GP" en nhs.uk. ¿Preguntas? Llame al { $phone }.
sms-2 = Recordatorio: { $practice } va a cerrar el { $date }. Le pedimos que se registre con otro médico de cabecera; si no, le registraremos con uno cerca de su casa. ¿Preguntas? Llame al { $phone }.

## DRAFT (unreviewed, 2026-12-07): the printed cover letter sent with a letter in braille, its
## one sentence. $grade is "one" for uncontracted braille. A qualified translator must check it.
braille-cover = { $grade ->
    [one] Adjuntamos en braille integral (sin abreviaturas) su carta sobre su registro con un médico de cabecera (GP).
   *[two] Adjuntamos en braille su carta sobre su registro con un médico de cabecera (GP).
}
