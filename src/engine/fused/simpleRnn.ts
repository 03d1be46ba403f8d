import { SIMPLE_RNN_KERNELS } from '../kernels/simpleRnn';
import { fusedRecurrent } from './recurrent';

/** SimpleRNN's whole sequence as one forward and one backward kernel. */
export const fusedSimpleRnn = fusedRecurrent('SimpleRNN', SIMPLE_RNN_KERNELS);
