import { GRU_KERNELS } from '../kernels/gru';
import { fusedRecurrent } from './recurrent';

/** GRU's whole sequence as one forward and one backward kernel. */
export const fusedGru = fusedRecurrent('GRU', GRU_KERNELS);
