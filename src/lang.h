/* lang.h - the two languages every text a person reads comes in: Chinese
 * (the default) and English.  Its own header so diagnostics (diag.h) and
 * report labels (label.h) share it without one pulling in the other.
 * Pipeline step: toolkit. */
#ifndef VC_LANG_H
#define VC_LANG_H

enum lang { LANG_ZH, LANG_EN };

#endif
